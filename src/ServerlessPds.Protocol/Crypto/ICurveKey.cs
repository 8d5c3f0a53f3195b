namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// The curve-specific half of a <see cref="SigningKey"/>: a private scalar held by one ECDSA implementation
/// (libsecp256k1's C# port for K-256, the platform's ECDsa for P-256). Implementations are thread-safe.
/// </summary>
internal interface ICurveKey : IDisposable
{
    /// <summary>Gets the public point, 33 bytes compressed SEC 1.</summary>
    byte[] CompressedPublicKey { get; }

    /// <summary>Signs a 32-byte SHA-256 hash into <paramref name="signature"/>: 64 bytes r‖s, big-endian, low-S.</summary>
    void SignHash(ReadOnlySpan<byte> hash, Span<byte> signature);

    /// <summary>Writes the scalar d as 32 big-endian bytes.</summary>
    void ExportPrivateKey(Span<byte> destination);
}
