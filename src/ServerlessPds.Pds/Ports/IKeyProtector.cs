using System.Security.Cryptography;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Encrypts and authenticates private key material at rest (account signing keys, the PLC rotation key) under a
/// key-encryption key the implementation holds: an in-process key in development
/// (<see cref="Storage.Local.LocalKeyProtector"/>), Key Vault in Azure.
/// </summary>
/// <remarks>
/// The <c>purpose</c> binds a ciphertext to its use (for example <c>account-signing-key:did:plc:…</c>): unprotecting
/// with any other purpose fails, so a stored key cannot be swapped onto another account. Design: /work/shared/DESIGN.md
/// "Identity and keys" (keys never sit in plain configuration).
/// </remarks>
public interface IKeyProtector
{
    /// <summary>Encrypts and authenticates a secret.</summary>
    /// <param name="plaintext">The secret, e.g. a 32-byte private key. The caller should zero its copy afterwards.</param>
    /// <param name="purpose">A non-empty label bound into the authentication (UTF-8).</param>
    /// <returns>Opaque protected bytes, self-describing enough for <see cref="Unprotect"/> to find the key that made them.</returns>
    /// <exception cref="ArgumentException"><paramref name="purpose"/> is empty.</exception>
    byte[] Protect(ReadOnlySpan<byte> plaintext, string purpose);

    /// <summary>Checks and decrypts bytes made by <see cref="Protect"/>.</summary>
    /// <param name="protectedData">The protected bytes.</param>
    /// <param name="purpose">The purpose they were protected with.</param>
    /// <returns>The secret; the caller zeroes it when done.</returns>
    /// <exception cref="CryptographicException">
    /// The data is malformed, was modified, was made under an unknown key, or with another purpose.
    /// </exception>
    byte[] Unprotect(ReadOnlySpan<byte> protectedData, string purpose);
}
