namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// Checks and normalises the signature form atproto requires: 64 bytes, r‖s, each a 32-byte big-endian integer
/// (IEEE P1363, not DER), with s in the lower half of the group order ("low-S").
/// </summary>
/// <remarks>
/// ECDSA signatures are malleable: (r, n - s) verifies wherever (r, s) does. atproto removes that freedom by
/// accepting only s ≤ n / 2, for both curves. A signer that may produce high-S signatures (for example a cloud key
/// service) must pass them through <see cref="NormalizeLowS"/> before publishing them.
/// Spec: atproto.com/specs/cryptography (ECDSA signature malleability).
/// </remarks>
public static class CompactSignature
{
    /// <summary>The length of a signature, in bytes: r (32) then s (32).</summary>
    public const int Length = 2 * CurveParameters.ScalarBytes;

    /// <summary>Checks the shape of a signature without verifying it against a key.</summary>
    /// <param name="algorithm">The curve whose order bounds r and s.</param>
    /// <param name="signature">The candidate signature.</param>
    /// <returns>
    /// <see langword="true"/> if it is exactly <see cref="Length"/> bytes, 1 ≤ r &lt; n and 1 ≤ s ≤ n / 2;
    /// otherwise (any other length, DER encoding, zero or out-of-range values, high-S) <see langword="false"/>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/> is <see langword="null"/>.</exception>
    public static bool IsWellFormed(KeyAlgorithm algorithm, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (signature.Length != Length)
        {
            return false;
        }

        var curve = algorithm.Curve;
        var s = signature[CurveParameters.ScalarBytes..];
        return curve.IsValidScalar(signature[..CurveParameters.ScalarBytes])
            && s.IndexOfAnyExcept((byte)0) >= 0
            && s.SequenceCompareTo(curve.HalfOrderBytes) <= 0;
    }

    /// <summary>Rewrites a high-S signature in place as its low-S twin (s becomes n - s); a low-S one is left as is.</summary>
    /// <param name="algorithm">The curve whose order n is used.</param>
    /// <param name="signature">The <see cref="Length"/>-byte r‖s signature to normalise.</param>
    /// <returns><see langword="true"/> if s was replaced; <see langword="false"/> if it was already low.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is not <see cref="Length"/> bytes long.</exception>
    public static bool NormalizeLowS(KeyAlgorithm algorithm, Span<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (signature.Length != Length)
        {
            throw new ArgumentException($"A compact signature is {Length} bytes; this one is {signature.Length}.", nameof(signature));
        }

        return algorithm.Curve.NormalizeLowS(signature);
    }
}
