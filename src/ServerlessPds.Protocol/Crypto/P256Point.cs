using System.Security.Cryptography;

namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// A NIST P-256 public point on the platform's ECDsa (OpenSSL on Linux), which reads only x and y: compressed points
/// are expanded with <see cref="CurveParameters.TryDecompress"/> first.
/// </summary>
internal sealed class P256Point : ICurvePoint
{
    private static readonly CurveParameters Curve = CurveParameters.Secp256r1;

    private readonly byte[] _uncompressed;
    private readonly Lock _verifierGate = new();
    private ECDsa? _verifier; // created on first verify: importing the point costs about as much as verifying

    private P256Point(byte[] uncompressed) => _uncompressed = uncompressed;

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Uncompressed => _uncompressed;

    /// <summary>Parses a 33-byte compressed point whose prefix (<c>02</c> or <c>03</c>) the caller has checked.</summary>
    /// <returns><see langword="null"/> if no point of the curve has that x.</returns>
    public static P256Point? TryParseCompressed(ReadOnlySpan<byte> compressed)
    {
        var uncompressed = new byte[PublicKey.UncompressedLength];
        uncompressed[0] = 0x04;
        compressed[1..].CopyTo(uncompressed.AsSpan(1));
        return Curve.TryDecompress(compressed[1..], compressed[0] == 0x03, uncompressed.AsSpan(1 + CurveParameters.ScalarBytes))
            ? new P256Point(uncompressed)
            : null;
    }

    /// <summary>Parses a 65-byte uncompressed point whose prefix (<c>04</c>) the caller has checked.</summary>
    /// <returns><see langword="null"/> if the point is not on the curve.</returns>
    public static P256Point? TryParseUncompressed(ReadOnlySpan<byte> uncompressed) =>
        Curve.IsOnCurve(uncompressed.Slice(1, CurveParameters.ScalarBytes), uncompressed[(1 + CurveParameters.ScalarBytes)..])
            ? new P256Point(uncompressed.ToArray())
            : null;

    /// <inheritdoc/>
    public bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        try
        {
            lock (_verifierGate)
            {
                _verifier ??= ECDsa.Create(new ECParameters
                {
                    Curve = Curve.CreateCurve(),
                    Q = new ECPoint { X = _uncompressed[1..33], Y = _uncompressed[33..] },
                });
                return _verifier.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
