namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// The curve-specific half of a <see cref="PublicKey"/>: a validated point held by one ECDSA implementation.
/// Implementations are immutable or internally locked, so thread-safe.
/// </summary>
internal interface ICurvePoint
{
    /// <summary>Gets the 65-byte uncompressed SEC 1 encoding (<c>04</c>, x, y).</summary>
    ReadOnlySpan<byte> Uncompressed { get; }

    /// <summary>
    /// Verifies a signature of a 32-byte SHA-256 hash. The caller has already checked the signature's shape with
    /// <see cref="CompactSignature.IsWellFormed"/> (64 bytes, r and s in range, low-S).
    /// </summary>
    bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature);
}
