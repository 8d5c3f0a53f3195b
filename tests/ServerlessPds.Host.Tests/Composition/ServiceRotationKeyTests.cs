using ServerlessPds.Pds.Identity;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Host.Tests.Composition;

public class ServiceRotationKeyTests
{
    private static byte[] Kek(byte seed) => [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 13 + seed))];

    [Fact]
    public void Derive_SameKek_SameK256Key()
    {
        using var first = ServiceRotationKey.Derive(Kek(1));
        using var second = ServiceRotationKey.Derive(Kek(1));

        Assert.Equal(KeyAlgorithm.K256, first.Algorithm);
        Assert.Equal(first.PublicKey.ToDidKey(), second.PublicKey.ToDidKey());
    }

    [Fact]
    public void Derive_OtherKek_OtherKey()
    {
        using var first = ServiceRotationKey.Derive(Kek(1));
        using var second = ServiceRotationKey.Derive(Kek(2));

        Assert.NotEqual(first.PublicKey.ToDidKey(), second.PublicKey.ToDidKey());
    }

    [Fact]
    public void Derive_NotTheKekItself()
    {
        var kek = Kek(3);
        using var key = ServiceRotationKey.Derive(kek);

        Assert.NotEqual(kek, key.ExportPrivateKey());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    public void Derive_WrongLength_Throws(int length) =>
        Assert.Throws<ArgumentException>(() => ServiceRotationKey.Derive(new byte[length]));
}
