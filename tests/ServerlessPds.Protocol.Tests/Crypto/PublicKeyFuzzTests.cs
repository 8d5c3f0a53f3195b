using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Crypto;

public class PublicKeyFuzzTests
{
    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static TheoryData<string> SeedKeys() => new()
    {
        "did:key:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc",
        "did:key:zDnaembgSGUhZULN2Caob4HLJPaxBh92N7rtH21TErzqf8HQo",
    };

    [Theory]
    [MemberData(nameof(SeedKeys))]
    public void FromDidKey_TruncationsAndCharacterChanges_ThrowOnlyKeyFormatException(string didKey)
    {
        var random = new Random(didKey.Length);
        var accepted = 0;
        for (var length = 0; length < didKey.Length; length++)
        {
            Assert.Throws<KeyFormatException>(() => PublicKey.FromDidKey(didKey[..length]));
        }

        for (var i = 0; i < 3000; i++)
        {
            var chars = didKey.ToCharArray();
            var position = random.Next(8, chars.Length);
            chars[position] = random.Next(4) == 0 ? (char)random.Next(32, 127) : Base58Alphabet[random.Next(58)];
            accepted += AcceptedAndCanonical(new string(chars)) ? 1 : 0;
        }

        Assert.InRange(accepted, 1, 2999);
    }

    [Theory]
    [MemberData(nameof(SeedKeys))]
    public void FromMultikey_BitFlipsOfDecodedBytes_ThrowOnlyKeyFormatException(string didKey)
    {
        var bytes = Multibase.Decode(didKey["did:key:".Length..]);
        var random = new Random(bytes.Length * 7);
        var accepted = 0;
        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])bytes.Clone();
            var flips = random.Next(1, 3);
            for (var f = 0; f < flips; f++)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            }

            var cut = random.Next(4) == 0 ? random.Next(mutated.Length + 1) : mutated.Length;
            accepted += AcceptedAndCanonical("did:key:" + Multibase.EncodeBase58Btc(mutated.AsSpan(0, cut))) ? 1 : 0;
        }

        Assert.InRange(accepted, 100, 2900);
    }

    [Fact]
    public void FromMultikey_RandomText_ThrowsOnlyKeyFormatException()
    {
        var random = new Random(2024);
        for (var i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(0, 140)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(8) == 0 ? (char)random.Next(0, 0x3000) : Base58Alphabet[random.Next(58)];
            }

            if (chars.Length > 0 && random.Next(2) == 0)
            {
                chars[0] = 'z';
            }

            var text = new string(chars);
            Assert.Throws<KeyFormatException>(() => PublicKey.FromMultikey(text));
            Assert.Throws<KeyFormatException>(() => PublicKey.FromLegacyMultibase(KeyAlgorithm.P256, text));
        }
    }

    [Fact]
    public void FromMultikey_RandomBytesAfterEachPrefix_AcceptOnlyCurvePoints()
    {
        var random = new Random(33);
        var accepted = 0;
        foreach (var prefix in new[] { new byte[] { 0xE7, 0x01 }, [0x80, 0x24], [0xE7, 0x81, 0x00], [0xED, 0x01] })
        {
            for (var i = 0; i < 500; i++)
            {
                var point = new byte[random.Next(4) == 0 ? random.Next(0, 70) : 33];
                random.NextBytes(point);
                if (point.Length > 0 && random.Next(4) != 0)
                {
                    point[0] = (byte)random.Next(2, 4);
                }

                accepted += AcceptedAndCanonical("did:key:" + Multibase.EncodeBase58Btc([.. prefix, .. point])) ? 1 : 0;
            }
        }

        Assert.InRange(accepted, 200, 800);
    }

    private static bool AcceptedAndCanonical(string didKey)
    {
        PublicKey key;
        try
        {
            key = PublicKey.FromDidKey(didKey);
        }
        catch (KeyFormatException)
        {
            return false;
        }

        Assert.Equal(didKey, key.ToDidKey());
        return true;
    }
}
