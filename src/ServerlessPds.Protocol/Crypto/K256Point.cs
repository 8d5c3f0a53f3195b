using NBitcoin.Secp256k1;

namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// A secp256k1 public point on NBitcoin.Secp256k1 (a C# port of libsecp256k1), which parses compressed and
/// uncompressed SEC 1 points, checks that they are on the curve, and verifies only low-S signatures.
/// </summary>
internal sealed class K256Point : ICurvePoint
{
    private readonly ECPubKey _key;
    private readonly byte[] _uncompressed = new byte[PublicKey.UncompressedLength];

    private K256Point(ECPubKey key)
    {
        _key = key;
        key.WriteToSpan(compressed: false, _uncompressed, out _);
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Uncompressed => _uncompressed;

    /// <summary>
    /// Parses a SEC 1 point whose prefix the caller has checked (<c>02</c>/<c>03</c> with 33 bytes, or <c>04</c> with 65).
    /// </summary>
    /// <returns><see langword="null"/> if x is not a field element or the point is not on the curve.</returns>
    public static K256Point? TryParse(ReadOnlySpan<byte> sec1) =>
        ECPubKey.TryCreate(sec1, Context.Instance, out _, out var key) ? new K256Point(key) : null;

    /// <inheritdoc/>
    public bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature) =>
        SecpECDSASignature.TryCreateFromCompact(signature, out var parsed) && _key.SigVerify(parsed, hash);
}
