using System.Security.Cryptography;
using NBitcoin.Secp256k1;

namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// A secp256k1 private key on NBitcoin.Secp256k1: deterministic RFC 6979 nonces and low-S signatures by
/// construction, so no normalisation follows the signing.
/// </summary>
internal sealed class K256Key : ICurveKey
{
    private readonly ECPrivKey _key;

    private K256Key(ECPrivKey key)
    {
        _key = key;
        CompressedPublicKey = key.CreatePubKey().ToBytes(compressed: true);
    }

    /// <inheritdoc/>
    public byte[] CompressedPublicKey { get; }

    /// <summary>Creates a key from the platform's cryptographic generator.</summary>
    public static K256Key Generate()
    {
        Span<byte> d = stackalloc byte[SigningKey.PrivateKeyLength];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(d);
                if (TryImport(d) is { } key)
                {
                    return key;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    /// <summary>Loads a 32-byte big-endian scalar.</summary>
    /// <returns><see langword="null"/> if d is 0 or not below the group order.</returns>
    public static K256Key? TryImport(ReadOnlySpan<byte> privateKey) =>
        ECPrivKey.TryCreate(privateKey, Context.Instance, out var key) ? new K256Key(key) : null;

    /// <inheritdoc/>
    public void SignHash(ReadOnlySpan<byte> hash, Span<byte> signature) =>
        _key.SignECDSARFC6979(hash).WriteCompactToSpan(signature);

    /// <inheritdoc/>
    public void ExportPrivateKey(Span<byte> destination) => _key.WriteToSpan(destination);

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
