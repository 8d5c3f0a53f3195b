using System.Numerics;
using System.Security.Cryptography;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Crypto;

public class SigningKeyTests
{
    public static TheoryData<string, string, string> W3cDidKeyFixtures()
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var c in InteropVectors.JsonArray("crypto/w3c_didkey_K256.json"))
        {
            rows.Add("k256", c.GetProperty("privateKeyBytesHex").GetString()!, c.GetProperty("publicDidKey").GetString()!);
        }

        foreach (var c in InteropVectors.JsonArray("crypto/w3c_didkey_P256.json"))
        {
            var privateKey = Multibase.Decode("z" + c.GetProperty("privateKeyBytesBase58").GetString());
            rows.Add("p256", Convert.ToHexString(privateKey), c.GetProperty("publicDidKey").GetString()!);
        }

        return rows;
    }

    public static TheoryData<string> Algorithms() => new() { "k256", "p256" };

    [Theory]
    [MemberData(nameof(W3cDidKeyFixtures))]
    public void Import_W3cDidKeyFixture_DerivesThePublicDidKey(string name, string privateKeyHex, string didKey)
    {
        var algorithm = ByName(name);
        var privateKey = Convert.FromHexString(privateKeyHex);

        using var key = SigningKey.Import(algorithm, privateKey);

        Assert.Equal(didKey, key.PublicKey.ToDidKey());
        Assert.Equal(key.PublicKey, PublicKey.FromDidKey(didKey));
        Assert.Equal(privateKey, key.ExportPrivateKey());
        var signature = key.Sign("fixture"u8);
        Assert.True(PublicKey.FromDidKey(didKey).Verify("fixture"u8, signature));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Sign_ManyRandomMessages_AlwaysLowSAndVerifies(string name)
    {
        var algorithm = ByName(name);
        var random = new Random(256 + name[0]);
        var privateKey = new byte[SigningKey.PrivateKeyLength];
        random.NextBytes(privateKey);
        using var key = SigningKey.Import(algorithm, privateKey);
        var rawHighS = 0;
        for (var i = 0; i < 300; i++)
        {
            var message = new byte[random.Next(0, 200)];
            random.NextBytes(message);

            var signature = key.Sign(message);

            Assert.Equal(CompactSignature.Length, signature.Length);
            Assert.False(PlatformEcdsa.IsHighS(algorithm, signature));
            Assert.True(CompactSignature.IsWellFormed(algorithm, signature));
            Assert.True(key.PublicKey.Verify(message, signature));
            Assert.True(PlatformEcdsa.Verify(key.PublicKey, message, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

            var twin = PlatformEcdsa.Twin(algorithm, signature);
            Assert.True(PlatformEcdsa.IsHighS(algorithm, twin));
            Assert.True(PlatformEcdsa.Verify(key.PublicKey, message, twin, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
            Assert.False(key.PublicKey.Verify(message, twin));

            if (message.Length > 0)
            {
                message[random.Next(message.Length)] ^= (byte)(1 << random.Next(8));
                Assert.False(key.PublicKey.Verify(message, signature));
            }

            using var raw = ECDsa.Create(PlatformEcdsa.Curve(algorithm));
            rawHighS += PlatformEcdsa.IsHighS(algorithm, raw.SignData(message, HashAlgorithmName.SHA256)) ? 1 : 0;
        }

        Assert.InRange(rawHighS, 90, 210); // the platform alone gives high-S about half the time, so normalising is needed
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task SignAsync_Data_MatchesTheSignerContract(string name)
    {
        using var key = SigningKey.Generate(ByName(name));
        ISigner signer = key;

        var signature = await signer.SignAsync(new byte[] { 1, 2, 3 });

        Assert.True(signer.PublicKey.Verify([1, 2, 3], signature));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await signer.SignAsync(new byte[1], new CancellationToken(true)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void GenerateAndImport_ExportedKey_GivesTheSameKey(string name)
    {
        var algorithm = ByName(name);
        using var first = SigningKey.Generate(algorithm);
        using var second = SigningKey.Generate(algorithm);
        var exported = first.ExportPrivateKey();

        using var again = SigningKey.Import(algorithm, exported);

        Assert.Equal(SigningKey.PrivateKeyLength, exported.Length);
        Assert.Equal(first.PublicKey, again.PublicKey);
        Assert.NotEqual(first.PublicKey, second.PublicKey);
        Assert.Same(algorithm, again.Algorithm);
        Assert.True(first.PublicKey.Verify("x"u8, again.Sign("x"u8)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Import_OutOfRangeOrWrongLength_ThrowsKeyFormatException(string name)
    {
        var algorithm = ByName(name);
        var n = PlatformEcdsa.Order(algorithm);

        Assert.Throws<KeyFormatException>(() => SigningKey.Import(algorithm, new byte[32]));
        Assert.Throws<KeyFormatException>(() => SigningKey.Import(algorithm, Fixed(n)));
        Assert.Throws<KeyFormatException>(() => SigningKey.Import(algorithm, Fixed(n + 1)));
        Assert.Throws<KeyFormatException>(() => SigningKey.Import(algorithm, Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Throws<KeyFormatException>(() => SigningKey.Import(algorithm, new byte[31]));
        Assert.Throws<KeyFormatException>(() => SigningKey.Import(algorithm, new byte[33]));
        using var largest = SigningKey.Import(algorithm, Fixed(n - 1));
        using var one = SigningKey.Import(algorithm, Fixed(BigInteger.One));
        Assert.True(largest.PublicKey.Verify("edge"u8, largest.Sign("edge"u8)));
        Assert.Equal(Fixed(BigInteger.One), one.ExportPrivateKey());
    }

    [Fact]
    public void Sign_AfterDispose_ThrowsObjectDisposedException()
    {
        var key = SigningKey.Generate(KeyAlgorithm.K256);
        key.Dispose();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign("x"u8));
        Assert.Throws<ObjectDisposedException>(() => key.ExportPrivateKey());
        Assert.NotNull(key.PublicKey);
    }

    [Fact]
    public async Task Sign_ConcurrentCallers_AllSignaturesVerify()
    {
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            Enumerable.Range(0, 50).All(i =>
            {
                byte[] message = [(byte)t, (byte)i];
                return key.PublicKey.Verify(message, key.Sign(message));
            }))));

        Assert.All(results, Assert.True);
    }

    private static KeyAlgorithm ByName(string name) => KeyAlgorithm.All.Single(a => a.Name == name);

    private static byte[] Fixed(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[Math.Max(32, bytes.Length)];
        bytes.CopyTo(result, result.Length - bytes.Length);
        return result;
    }
}
