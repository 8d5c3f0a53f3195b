using System.Security.Cryptography;

namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// A private atproto signing key held in memory (K-256 or P-256), for example an account's repo signing key or a
/// PLC rotation key. Signs SHA-256 of the data with ECDSA and always returns the 64-byte low-S form: K-256 on
/// NBitcoin.Secp256k1 (libsecp256k1 in C#, RFC 6979 nonces, low-S by construction), P-256 on the platform's ECDsa
/// (normalised to low-S). Thread-safe; dispose it to clear the key material.
/// </summary>
/// <remarks>Spec: atproto.com/specs/cryptography.</remarks>
public sealed class SigningKey : ISigner, IDisposable
{
    /// <summary>The length of a raw private key (the scalar d, big-endian), in bytes.</summary>
    public const int PrivateKeyLength = CurveParameters.ScalarBytes;

    private readonly ICurveKey _key;
    private readonly Lock _gate = new();
    private bool _disposed;

    private SigningKey(KeyAlgorithm algorithm, ICurveKey key)
    {
        Algorithm = algorithm;
        _key = key;
        PublicKey = PublicKey.FromCompressed(algorithm, key.CompressedPublicKey);
    }

    /// <summary>Gets the curve and signature system of the key.</summary>
    public KeyAlgorithm Algorithm { get; }

    /// <inheritdoc/>
    public PublicKey PublicKey { get; }

    /// <summary>Creates a new random key from the platform's cryptographic generator.</summary>
    /// <param name="algorithm">The curve; atproto creates <see cref="KeyAlgorithm.K256"/> keys by default.</param>
    /// <returns>The key; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/> is <see langword="null"/>.</exception>
    /// <exception cref="PlatformNotSupportedException">The platform's cryptography lacks P-256.</exception>
    public static SigningKey Generate(KeyAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return Create(algorithm, algorithm == KeyAlgorithm.K256 ? K256Key.Generate() : P256Key.Generate());
    }

    /// <summary>Loads a raw private key.</summary>
    /// <param name="algorithm">The curve of the key.</param>
    /// <param name="privateKey">The 32-byte big-endian scalar d, with 1 ≤ d &lt; n.</param>
    /// <returns>The key; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The key is not 32 bytes, or d is 0 or not below the group order n.</exception>
    public static SigningKey Import(KeyAlgorithm algorithm, ReadOnlySpan<byte> privateKey)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (privateKey.Length != PrivateKeyLength)
        {
            throw new KeyFormatException($"A {algorithm} private key is {PrivateKeyLength} bytes; this one is {privateKey.Length}.");
        }

        if (!algorithm.Curve.IsValidScalar(privateKey))
        {
            throw new KeyFormatException($"The private key is not in the range [1, n - 1] of the {algorithm} curve.");
        }

        ICurveKey key;
        try
        {
            key = algorithm == KeyAlgorithm.K256
                ? K256Key.TryImport(privateKey) ?? throw new KeyFormatException($"The {algorithm} private key was rejected.")
                : P256Key.Import(privateKey);
        }
        catch (CryptographicException e)
        {
            throw new KeyFormatException($"The platform rejected the {algorithm} private key: {e.Message}", e);
        }

        return Create(algorithm, key);
    }

    /// <summary>Exports the raw private key. Handle the result as a secret.</summary>
    /// <returns>The 32-byte big-endian scalar d.</returns>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public byte[] ExportPrivateKey()
    {
        var result = new byte[PrivateKeyLength];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _key.ExportPrivateKey(result);
        }

        return result;
    }

    /// <summary>Signs SHA-256 of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to sign (for example a commit's DAG-CBOR bytes without its signature).</param>
    /// <returns>A new 64-byte signature, r‖s big-endian, always low-S.</returns>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        var signature = new byte[CompactSignature.Length];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _key.SignHash(hash, signature);
        }

        return signature;
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The key was disposed.</exception>
    public ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Sign(data.Span));
    }

    /// <summary>Releases the key material; later calls to sign or export throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _key.Dispose();
            }
        }
    }

    private static SigningKey Create(KeyAlgorithm algorithm, ICurveKey key)
    {
        try
        {
            return new SigningKey(algorithm, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
