using System.Security.Cryptography;
using ServerlessPds.Pds.Storage.Local;

namespace ServerlessPds.Pds.Tests.Accounts;

public sealed class LocalKeyProtectorTests : IDisposable
{
    private const string Purpose = "account-signing-key:did:plc:alice234567abcdefghijklm";
    private readonly byte[] _kek = RandomNumberGenerator.GetBytes(32);
    private readonly LocalKeyProtector _protector;

    public LocalKeyProtectorTests()
    {
        _protector = new LocalKeyProtector(7, _kek);
    }

    [Fact]
    public void Protect_Unprotect_RoundTripsAndHidesPlaintext()
    {
        var secret = RandomNumberGenerator.GetBytes(32);

        var protectedData = _protector.Protect(secret, Purpose);

        Assert.Equal(secret.Length + LocalKeyProtector.Overhead, protectedData.Length);
        Assert.Equal([LocalKeyProtector.FormatVersion, 7], protectedData[..2]);
        Assert.False(protectedData.AsSpan().IndexOf(secret.AsSpan(0, 8)) >= 0);
        Assert.Equal(secret, _protector.Unprotect(protectedData, Purpose));
    }

    [Fact]
    public void Protect_SameSecretTwice_UsesFreshNonces()
    {
        var secret = new byte[32];

        Assert.NotEqual(_protector.Protect(secret, Purpose), _protector.Protect(secret, Purpose));
    }

    [Fact]
    public void Unprotect_AnySingleBitFlipped_ThrowsCryptographicException()
    {
        var protectedData = _protector.Protect(RandomNumberGenerator.GetBytes(32), Purpose);
        var random = new Random(1234);

        for (var i = 0; i < protectedData.Length; i++)
        {
            var tampered = (byte[])protectedData.Clone();
            tampered[i] ^= (byte)(1 << random.Next(8));
            Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(tampered, Purpose));
        }
    }

    [Theory]
    [InlineData("account-signing-key:did:plc:mallory34567abcdefghijkl")]
    [InlineData("plc-rotation-key")]
    public void Unprotect_OtherPurpose_ThrowsCryptographicException(string purpose)
    {
        var protectedData = _protector.Protect(new byte[32], Purpose);

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(protectedData, purpose));
    }

    [Fact]
    public void Unprotect_TruncatedOrOtherKey_ThrowsCryptographicException()
    {
        var protectedData = _protector.Protect(new byte[32], Purpose);
        using var other = new LocalKeyProtector(7, RandomNumberGenerator.GetBytes(32));
        using var unknownId = new LocalKeyProtector(8, _kek);

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(protectedData[..(LocalKeyProtector.Overhead - 1)], Purpose));
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(protectedData[..^1], Purpose));
        Assert.ThrowsAny<CryptographicException>(() => other.Unprotect(protectedData, Purpose));
        Assert.ThrowsAny<CryptographicException>(() => unknownId.Unprotect(protectedData, Purpose));
    }

    [Fact]
    public void Unprotect_AfterRotation_ReadsOldDataAndWritesWithNewKey()
    {
        var old = _protector.Protect([1, 2, 3], Purpose);
        using var rotated = new LocalKeyProtector(8, new Dictionary<byte, byte[]> { [7] = _kek, [8] = RandomNumberGenerator.GetBytes(32) });

        var fresh = rotated.Protect([4, 5], Purpose);

        Assert.Equal([1, 2, 3], rotated.Unprotect(old, Purpose));
        Assert.Equal(8, fresh[1]);
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(fresh, Purpose));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void Constructor_KeyNot32Bytes_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => new LocalKeyProtector(1, new byte[length]));
    }

    [Fact]
    public void Protect_EmptyPurposeOrDisposed_Throws()
    {
        Assert.Throws<ArgumentException>(() => _protector.Protect(new byte[1], ""));
        var disposed = new LocalKeyProtector(1, _kek);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => disposed.Protect(new byte[1], Purpose));
    }

    public void Dispose() => _protector.Dispose();
}
