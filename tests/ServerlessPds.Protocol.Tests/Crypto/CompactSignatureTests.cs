using System.Numerics;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Protocol.Tests.Crypto;

public class CompactSignatureTests
{
    public static TheoryData<string> Algorithms() => new() { "k256", "p256" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void IsWellFormed_BoundaryValues_AcceptsOnlyRInRangeAndLowS(string name)
    {
        var algorithm = KeyAlgorithm.All.Single(a => a.Name == name);
        var n = PlatformEcdsa.Order(algorithm);
        var half = n / 2;

        Assert.True(CompactSignature.IsWellFormed(algorithm, Signature(1, 1)));
        Assert.True(CompactSignature.IsWellFormed(algorithm, Signature(n - 1, half)));
        Assert.False(CompactSignature.IsWellFormed(algorithm, Signature(n - 1, half + 1)));
        Assert.False(CompactSignature.IsWellFormed(algorithm, Signature(0, 1)));
        Assert.False(CompactSignature.IsWellFormed(algorithm, Signature(1, 0)));
        Assert.False(CompactSignature.IsWellFormed(algorithm, Signature(n, 1)));
        Assert.False(CompactSignature.IsWellFormed(algorithm, Signature(1, n - 1)));
        Assert.False(CompactSignature.IsWellFormed(algorithm, new byte[63]));
        Assert.False(CompactSignature.IsWellFormed(algorithm, new byte[65]));
        Assert.False(CompactSignature.IsWellFormed(algorithm, []));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void NormalizeLowS_HighS_BecomesNMinusS(string name)
    {
        var algorithm = KeyAlgorithm.All.Single(a => a.Name == name);
        var n = PlatformEcdsa.Order(algorithm);
        var half = n / 2;

        var high = Signature(5, half + 1);
        Assert.True(CompactSignature.NormalizeLowS(algorithm, high));
        Assert.Equal(Signature(5, n - half - 1), high);

        var low = Signature(5, half);
        Assert.False(CompactSignature.NormalizeLowS(algorithm, low));
        Assert.Equal(Signature(5, half), low);

        Assert.Throws<ArgumentException>(() => CompactSignature.NormalizeLowS(algorithm, new byte[70]));
    }

    [Fact]
    public void Verify_RandomBytesOfAnyLength_ReturnsFalseWithoutThrowing()
    {
        using var key = SigningKey.Generate(KeyAlgorithm.K256);
        var random = new Random(64);
        for (var i = 0; i < 2000; i++)
        {
            var signature = new byte[random.Next(3) == 0 ? random.Next(0, 130) : 64];
            random.NextBytes(signature);
            Assert.False(key.PublicKey.Verify("message"u8, signature));
        }
    }

    private static byte[] Signature(BigInteger r, BigInteger s)
    {
        var bytes = new byte[64];
        var rb = r.ToByteArray(isUnsigned: true, isBigEndian: true);
        var sb = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (!r.IsZero)
        {
            rb.CopyTo(bytes, 32 - rb.Length);
        }

        if (!s.IsZero)
        {
            sb.CopyTo(bytes, 64 - sb.Length);
        }

        return bytes;
    }
}
