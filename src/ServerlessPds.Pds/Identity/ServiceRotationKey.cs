using System.Security.Cryptography;
using ServerlessPds.Protocol.Crypto;

namespace ServerlessPds.Pds.Identity;

/// <summary>
/// The PDS's PLC rotation key: a K-256 key derived with HKDF-SHA256 from the key-encryption key
/// (<c>Pds__KeyEncryptionKey</c>), so it never appears in configuration and is exactly as secret as the KEK. The same
/// KEK always yields the same key, so DIDs created before a restart can still be updated after it.
/// </summary>
/// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("rotationKeys"); RFC 5869 (HKDF).</remarks>
public static class ServiceRotationKey
{
    /// <summary>The HKDF <c>info</c> string that separates this key from anything else derived from the KEK.</summary>
    public const string DerivationInfo = "serverless-pds/plc-rotation-key/v1";

    /// <summary>Derives the rotation key.</summary>
    /// <param name="keyEncryptionKey">The 32-byte key-encryption key.</param>
    /// <returns>The K-256 signing key; the caller disposes it.</returns>
    /// <exception cref="ArgumentException"><paramref name="keyEncryptionKey"/> is not 32 bytes.</exception>
    public static SigningKey Derive(ReadOnlySpan<byte> keyEncryptionKey)
    {
        if (keyEncryptionKey.Length != 32)
        {
            throw new ArgumentException("The key-encryption key must be 32 bytes.", nameof(keyEncryptionKey));
        }

        var seed = new byte[SigningKey.PrivateKeyLength];
        try
        {
            for (var counter = 0; ; counter++)
            {
                HKDF.DeriveKey(HashAlgorithmName.SHA256, keyEncryptionKey, seed, [(byte)counter], System.Text.Encoding.ASCII.GetBytes(DerivationInfo));
                try
                {
                    return SigningKey.Import(KeyAlgorithm.K256, seed);
                }
                catch (KeyFormatException) when (counter < 16)
                {
                    // A scalar of zero or at least the group order (probability about 2^-128): try the next counter.
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
