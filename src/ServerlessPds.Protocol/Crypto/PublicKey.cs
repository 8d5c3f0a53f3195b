using System.Security.Cryptography;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Crypto;

/// <summary>
/// An atproto public key: a <see cref="KeyAlgorithm"/> and a point on its curve, kept as the 33-byte compressed SEC 1
/// encoding (<c>02</c> or <c>03</c> for the parity of y, then the 32-byte x). Two keys are equal when algorithm and
/// point are equal. Instances are immutable and thread-safe. K-256 points are parsed and verified by NBitcoin.Secp256k1
/// (libsecp256k1 in C#), P-256 points by the platform's ECDsa (<see cref="Verify"/> reuses one platform key per
/// instance, so keep and reuse instances rather than re-parsing a key for each signature).
/// </summary>
/// <remarks>
/// Text forms: <c>did:key:z…</c> (<see cref="ToDidKey"/>) and the multikey <c>z…</c> of DID documents'
/// <c>publicKeyMultibase</c> (<see cref="ToMultikey"/>): base58btc of the varint multicodec code followed by the
/// compressed point. Spec: atproto.com/specs/cryptography (public key encoding), atproto.com/specs/did.
/// </remarks>
public sealed class PublicKey : IEquatable<PublicKey>
{
    /// <summary>The length of a compressed SEC 1 point, in bytes.</summary>
    public const int CompressedLength = 1 + CurveParameters.ScalarBytes;

    /// <summary>The length of an uncompressed SEC 1 point (<c>04</c>, x, y), in bytes.</summary>
    public const int UncompressedLength = 1 + (2 * CurveParameters.ScalarBytes);

    /// <summary>The prefix of a <c>did:key</c> identifier.</summary>
    public const string DidKeyPrefix = "did:key:";

    /// <summary>
    /// The longest multikey or legacy multibase string the decoders read, in characters. Every supported key is
    /// shorter (a multikey is 49 characters); the bound keeps base58 decoding of hostile input cheap.
    /// </summary>
    public const int MaxMultibaseChars = 128;

    private readonly byte[] _compressed;
    private readonly ICurvePoint _point;

    private PublicKey(KeyAlgorithm algorithm, ICurvePoint point)
    {
        Algorithm = algorithm;
        _point = point;
        var uncompressed = point.Uncompressed;
        _compressed = new byte[CompressedLength];
        _compressed[0] = (byte)((uncompressed[^1] & 1) == 0 ? 0x02 : 0x03);
        uncompressed.Slice(1, CurveParameters.ScalarBytes).CopyTo(_compressed.AsSpan(1));
    }

    /// <summary>Gets the curve and signature system of the key.</summary>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>Gets the 33-byte compressed SEC 1 encoding of the point.</summary>
    public ReadOnlySpan<byte> Compressed => _compressed;

    /// <summary>Reads a compressed SEC 1 point.</summary>
    /// <param name="algorithm">The curve of the point.</param>
    /// <param name="compressed">33 bytes: <c>02</c> (even y) or <c>03</c> (odd y), then x big-endian.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The length or prefix is wrong, or no point of the curve has that x.</exception>
    public static PublicKey FromCompressed(KeyAlgorithm algorithm, ReadOnlySpan<byte> compressed)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (compressed.Length != CompressedLength || compressed[0] is not (0x02 or 0x03))
        {
            throw new KeyFormatException($"A compressed {algorithm} point is {CompressedLength} bytes starting with 02 or 03.");
        }

        ICurvePoint? point = algorithm == KeyAlgorithm.K256 ? K256Point.TryParse(compressed) : P256Point.TryParseCompressed(compressed);
        return point is null
            ? throw new KeyFormatException($"The compressed point is not on the {algorithm} curve.")
            : new PublicKey(algorithm, point);
    }

    /// <summary>Reads an uncompressed SEC 1 point.</summary>
    /// <param name="algorithm">The curve of the point.</param>
    /// <param name="uncompressed">65 bytes: <c>04</c>, then x and y, each 32 bytes big-endian.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="algorithm"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The length or prefix is wrong, or the point is not on the curve.</exception>
    public static PublicKey FromUncompressed(KeyAlgorithm algorithm, ReadOnlySpan<byte> uncompressed)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (uncompressed.Length != UncompressedLength || uncompressed[0] != 0x04)
        {
            throw new KeyFormatException($"An uncompressed {algorithm} point is {UncompressedLength} bytes starting with 04.");
        }

        ICurvePoint? point = algorithm == KeyAlgorithm.K256 ? K256Point.TryParse(uncompressed) : P256Point.TryParseUncompressed(uncompressed);
        return point is null
            ? throw new KeyFormatException($"The point is not on the {algorithm} curve.")
            : new PublicKey(algorithm, point);
    }

    /// <summary>Reads a <c>did:key</c> identifier of a K-256 or P-256 key.</summary>
    /// <param name="didKey"><c>did:key:</c> followed by a multikey (see <see cref="FromMultikey"/>).</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="didKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The prefix is missing or the multikey is invalid.</exception>
    public static PublicKey FromDidKey(string didKey)
    {
        ArgumentNullException.ThrowIfNull(didKey);
        if (!didKey.StartsWith(DidKeyPrefix, StringComparison.Ordinal))
        {
            throw new KeyFormatException($"A did:key identifier starts with '{DidKeyPrefix}'.");
        }

        return FromMultikey(didKey[DidKeyPrefix.Length..]);
    }

    /// <summary>Reads a multikey: the <c>publicKeyMultibase</c> of a <c>Multikey</c> verification method.</summary>
    /// <param name="multikey"><c>z</c>, then base58btc of the varint multicodec code (0xe7 or 0x1200) and the 33-byte compressed point.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="multikey"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">
    /// The text is longer than <see cref="MaxMultibaseChars"/>, not base58btc multibase, its multicodec code is not a
    /// supported key type, or the point is not a valid compressed point of that curve.
    /// </exception>
    public static PublicKey FromMultikey(string multikey)
    {
        var bytes = DecodeMultibase(multikey);
        if (!Varint.TryRead(bytes, out var code, out var read))
        {
            throw new KeyFormatException("The multikey does not start with a valid multicodec varint.");
        }

        if (!KeyAlgorithm.TryFromMulticodec(code, out var algorithm))
        {
            throw new KeyFormatException($"Unsupported multicodec key type 0x{code:x}: atproto uses secp256k1-pub (0xe7) and p256-pub (0x1200).");
        }

        return FromCompressed(algorithm, bytes.AsSpan(read));
    }

    /// <summary>
    /// Reads the <c>publicKeyMultibase</c> of a legacy verification method (type <see cref="KeyAlgorithm.DidDocumentSuite"/>):
    /// base58btc multibase of the bare point, without a multicodec prefix.
    /// </summary>
    /// <param name="algorithm">The curve, known from the verification method's type.</param>
    /// <param name="multibase"><c>z</c>, then base58btc of a compressed (33-byte) or uncompressed (65-byte) point.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="KeyFormatException">The text is not base58btc multibase of a valid point of the curve.</exception>
    public static PublicKey FromLegacyMultibase(KeyAlgorithm algorithm, string multibase)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var bytes = DecodeMultibase(multibase);
        return bytes.Length == UncompressedLength ? FromUncompressed(algorithm, bytes) : FromCompressed(algorithm, bytes);
    }

    /// <summary>Returns a copy of the 33-byte compressed SEC 1 encoding.</summary>
    /// <returns><c>02</c> or <c>03</c>, then x (32 bytes big-endian).</returns>
    public byte[] ToCompressed() => (byte[])_compressed.Clone();

    /// <summary>Returns the 65-byte uncompressed SEC 1 encoding.</summary>
    /// <returns><c>04</c>, then x and y (32 bytes big-endian each).</returns>
    public byte[] ToUncompressed() => _point.Uncompressed.ToArray();

    /// <summary>Formats the key as a multikey, the <c>publicKeyMultibase</c> of a <c>Multikey</c> verification method.</summary>
    /// <returns><c>z</c>, then base58btc of the varint multicodec code and the compressed point (49 characters).</returns>
    public string ToMultikey()
    {
        Span<byte> bytes = stackalloc byte[Varint.MaxBytes + CompressedLength];
        var written = Varint.Write(Algorithm.MulticodecCode, bytes);
        _compressed.CopyTo(bytes[written..]);
        return Multibase.EncodeBase58Btc(bytes[..(written + CompressedLength)]);
    }

    /// <summary>Formats the key as a <c>did:key</c> identifier.</summary>
    /// <returns><c>did:key:</c> followed by <see cref="ToMultikey"/>.</returns>
    public string ToDidKey() => DidKeyPrefix + ToMultikey();

    /// <summary>Formats the key for a legacy verification method: base58btc multibase of the bare compressed point.</summary>
    /// <returns><c>z</c>, then base58btc of the 33-byte compressed point.</returns>
    public string ToLegacyMultibase() => Multibase.EncodeBase58Btc(_compressed);

    /// <summary>Verifies an atproto signature of <paramref name="data"/> by this key.</summary>
    /// <param name="data">The signed bytes; they are hashed with SHA-256 here.</param>
    /// <param name="signature">The signature: 64 bytes r‖s, big-endian, low-S.</param>
    /// <returns>
    /// <see langword="true"/> if the signature is valid; <see langword="false"/> for a wrong signature and for any
    /// signature that is not in the required form (DER, any other length, high-S, r or s out of range). Never throws
    /// for a bad signature.
    /// </returns>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (!CompactSignature.IsWellFormed(Algorithm, signature))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return _point.VerifyHash(hash, signature);
    }

    /// <inheritdoc/>
    public bool Equals(PublicKey? other) =>
        other is not null && ReferenceEquals(Algorithm, other.Algorithm) && _compressed.AsSpan().SequenceEqual(other._compressed);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Algorithm);
        hash.AddBytes(_compressed);
        return hash.ToHashCode();
    }

    /// <summary>Returns <see cref="ToDidKey"/>.</summary>
    /// <returns>The <c>did:key</c> identifier.</returns>
    public override string ToString() => ToDidKey();

    private static byte[] DecodeMultibase(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxMultibaseChars)
        {
            throw new KeyFormatException($"The key text has {text.Length} characters; at most {MaxMultibaseChars} are accepted.");
        }

        if (text.Length == 0 || text[0] != Multibase.Base58BtcPrefix)
        {
            throw new KeyFormatException("A multibase key starts with 'z' (base58btc).");
        }

        try
        {
            return Multibase.Decode(text);
        }
        catch (MultibaseFormatException e)
        {
            throw new KeyFormatException("The key is not valid base58btc: " + e.Message, e);
        }
    }
}
