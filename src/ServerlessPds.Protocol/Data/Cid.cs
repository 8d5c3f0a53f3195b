using System.Security.Cryptography;

namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Represents a version 1 content identifier (CID): a self-describing link to a block by the SHA-256 hash of its bytes.
/// Binary form: <c>varint(1) ‖ varint(codec) ‖ varint(hash code) ‖ varint(digest length) ‖ digest</c>; string form:
/// multibase base32 lowercase (prefix <c>b</c>), e.g. <c>bafyrei…</c> for DAG-CBOR and <c>bafkrei…</c> for raw.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/data-model, "Link and CID Formats". Atproto's "blessed" CIDs are v1 with the
/// <see cref="DagCborCodec"/> (records, MST nodes, commits) or <see cref="RawCodec"/> (blobs) codec and a SHA-256
/// multihash; <see cref="IsBlessed"/> tells them apart. Reading accepts any v1 CID whose digest length fits the input;
/// CIDv0 and other versions are rejected. The <see langword="default"/> value is not a CID (<see cref="IsDefault"/>).
/// </remarks>
public readonly struct Cid : IEquatable<Cid>, IComparable<Cid>
{
    /// <summary>The multicodec code of DAG-CBOR blocks (0x71).</summary>
    public const ulong DagCborCodec = 0x71;

    /// <summary>The multicodec code of raw blocks, used for blobs (0x55).</summary>
    public const ulong RawCodec = 0x55;

    /// <summary>The multihash code of SHA-256 (0x12).</summary>
    public const ulong Sha256Code = 0x12;

    /// <summary>The length in bytes of a SHA-256 digest.</summary>
    public const int Sha256Length = 32;

    /// <summary>The length in bytes of a blessed binary CID: four one-byte varints and a 32-byte digest.</summary>
    public const int BlessedLength = 4 + Sha256Length;

    /// <summary>The largest digest this type reads, in bytes (SHA-512 and BLAKE2b-512 are 64).</summary>
    public const int MaxDigestLength = 64;

    private readonly byte[]? _bytes;
    private readonly int _hash;

    private Cid(byte[] bytes)
    {
        _bytes = bytes;
        _hash = bytes.Length >= 8
            ? System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 4))
            : bytes.Length;
    }

    /// <summary>Gets a value indicating whether this is the <see langword="default"/> value rather than a CID.</summary>
    public bool IsDefault => _bytes is null;

    /// <summary>Gets the binary form of the CID.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Gets the length of the binary form in bytes.</summary>
    public int Length => _bytes?.Length ?? 0;

    /// <summary>Gets the multicodec code of the content (<see cref="DagCborCodec"/> or <see cref="RawCodec"/> when blessed).</summary>
    public ulong Codec => Parts().Codec;

    /// <summary>Gets the multihash function code (<see cref="Sha256Code"/> when blessed).</summary>
    public ulong HashCode => Parts().HashCode;

    /// <summary>Gets the hash digest.</summary>
    public ReadOnlySpan<byte> Digest
    {
        get
        {
            var p = Parts();
            return _bytes.AsSpan(p.DigestOffset);
        }
    }

    /// <summary>Gets a value indicating whether this CID has an atproto blessed form: v1, DAG-CBOR or raw, SHA-256.</summary>
    public bool IsBlessed =>
        _bytes is { Length: BlessedLength } b && b[0] == 1 && (b[1] == DagCborCodec || b[1] == RawCodec) && b[2] == Sha256Code && b[3] == Sha256Length;

    /// <summary>Computes the CID of a DAG-CBOR block.</summary>
    /// <param name="block">The block's DAG-CBOR bytes.</param>
    /// <returns>A blessed CID with codec <see cref="DagCborCodec"/>.</returns>
    public static Cid ComputeDagCbor(ReadOnlySpan<byte> block) => Compute(DagCborCodec, block);

    /// <summary>Computes the CID of raw bytes, as used for blobs.</summary>
    /// <param name="data">The raw bytes.</param>
    /// <returns>A blessed CID with codec <see cref="RawCodec"/>.</returns>
    public static Cid ComputeRaw(ReadOnlySpan<byte> data) => Compute(RawCodec, data);

    /// <summary>Creates a blessed CID from a codec and a SHA-256 digest computed elsewhere (for example while streaming).</summary>
    /// <param name="codec"><see cref="DagCborCodec"/> or <see cref="RawCodec"/>.</param>
    /// <param name="sha256Digest">The 32-byte SHA-256 digest.</param>
    /// <exception cref="ArgumentException">The codec is not blessed or the digest is not 32 bytes.</exception>
    public static Cid FromSha256(ulong codec, ReadOnlySpan<byte> sha256Digest)
    {
        if (codec is not (DagCborCodec or RawCodec))
        {
            throw new ArgumentException($"Codec 0x{codec:x} is not DAG-CBOR or raw.", nameof(codec));
        }

        if (sha256Digest.Length != Sha256Length)
        {
            throw new ArgumentException("A SHA-256 digest is 32 bytes.", nameof(sha256Digest));
        }

        var bytes = new byte[BlessedLength];
        bytes[0] = 1;
        bytes[1] = (byte)codec;
        bytes[2] = (byte)Sha256Code;
        bytes[3] = Sha256Length;
        sha256Digest.CopyTo(bytes.AsSpan(4));
        return new Cid(bytes);
    }

    /// <summary>Reads a binary CID from the start of <paramref name="source"/>.</summary>
    /// <param name="source">Bytes that begin with a binary CID; more bytes may follow.</param>
    /// <param name="bytesRead">The number of bytes the CID occupies.</param>
    /// <returns>The CID.</returns>
    /// <exception cref="CidFormatException">The bytes are not a well-formed CIDv1.</exception>
    public static Cid Read(ReadOnlySpan<byte> source, out int bytesRead)
    {
        if (!TryRead(source, out var cid, out bytesRead, out var error))
        {
            throw new CidFormatException(error);
        }

        return cid;
    }

    /// <summary>Reads a binary CID that spans exactly <paramref name="source"/>.</summary>
    /// <param name="source">The binary CID.</param>
    /// <returns>The CID.</returns>
    /// <exception cref="CidFormatException">The bytes are not exactly one well-formed CIDv1.</exception>
    public static Cid FromBytes(ReadOnlySpan<byte> source)
    {
        var cid = Read(source, out var read);
        if (read != source.Length)
        {
            throw new CidFormatException($"{source.Length - read} bytes follow the CID.");
        }

        return cid;
    }

    /// <summary>Tries to read a binary CID from the start of <paramref name="source"/>.</summary>
    /// <param name="source">Bytes that begin with a binary CID.</param>
    /// <param name="cid">The CID, when the result is <see langword="true"/>.</param>
    /// <param name="bytesRead">The number of bytes the CID occupies.</param>
    /// <returns><see langword="true"/> if a well-formed CIDv1 was read; otherwise <see langword="false"/>.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out Cid cid, out int bytesRead) => TryRead(source, out cid, out bytesRead, out _);

    /// <summary>Parses the multibase string form (base32, prefix <c>b</c>).</summary>
    /// <param name="s">The CID string, e.g. <c>bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454</c>.</param>
    /// <returns>The CID.</returns>
    /// <exception cref="CidFormatException">The string is not a base32 CIDv1.</exception>
    public static Cid Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Length < 2 || s[0] != 'b')
        {
            throw new CidFormatException($"A CID string is base32 with the multibase prefix 'b': '{Shorten(s)}'.");
        }

        byte[] bytes;
        try
        {
            bytes = Base32.Decode(s[1..]);
        }
        catch (MultibaseFormatException e)
        {
            throw new CidFormatException($"Invalid base32 in CID '{Shorten(s)}': {e.Message}");
        }

        return FromBytes(bytes);
    }

    /// <summary>Tries to parse the multibase string form (base32, prefix <c>b</c>).</summary>
    /// <param name="s">The CID string.</param>
    /// <param name="cid">The CID, when the result is <see langword="true"/>.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a base32 CIDv1; otherwise <see langword="false"/>.</returns>
    public static bool TryParse(string? s, out Cid cid)
    {
        cid = default;
        if (s is null || s.Length < 2 || s[0] != 'b' || s.Length > 2 + ((MaxDigestLength + 40) * 8 / 5))
        {
            return false;
        }

        try
        {
            cid = Parse(s);
            return true;
        }
        catch (CidFormatException)
        {
            return false;
        }
    }

    /// <summary>Checks that <paramref name="block"/> hashes to this CID.</summary>
    /// <param name="block">The block's bytes.</param>
    /// <returns><see langword="true"/> if this is a SHA-256 CID and the digest of <paramref name="block"/> matches; otherwise <see langword="false"/>.</returns>
    public bool Matches(ReadOnlySpan<byte> block)
    {
        if (_bytes is null || HashCode != Sha256Code || Digest.Length != Sha256Length)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[Sha256Length];
        SHA256.HashData(block, digest);
        return digest.SequenceEqual(Digest);
    }

    /// <summary>Returns the multibase base32 string form, e.g. <c>bafyrei…</c>, or an empty string for the default value.</summary>
    /// <returns>The CID string.</returns>
    public override string ToString() => _bytes is null ? string.Empty : "b" + Base32.EncodeLower(_bytes);

    /// <inheritdoc/>
    public bool Equals(Cid other) => _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Cid other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>Compares the binary forms byte by byte.</summary>
    /// <param name="other">The other CID.</param>
    /// <returns>A negative number, zero or a positive number as this CID's bytes sort before, equal or after.</returns>
    public int CompareTo(Cid other) => _bytes.AsSpan().SequenceCompareTo(other._bytes);

    /// <summary>Tests two CIDs for equality.</summary>
    /// <param name="left">The first CID.</param>
    /// <param name="right">The second CID.</param>
    /// <returns><see langword="true"/> if both have the same binary form.</returns>
    public static bool operator ==(Cid left, Cid right) => left.Equals(right);

    /// <summary>Tests two CIDs for inequality.</summary>
    /// <param name="left">The first CID.</param>
    /// <param name="right">The second CID.</param>
    /// <returns><see langword="true"/> if the binary forms differ.</returns>
    public static bool operator !=(Cid left, Cid right) => !left.Equals(right);

    private static Cid Compute(ulong codec, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[BlessedLength];
        bytes[0] = 1;
        bytes[1] = (byte)codec;
        bytes[2] = (byte)Sha256Code;
        bytes[3] = Sha256Length;
        SHA256.HashData(data, bytes.AsSpan(4));
        return new Cid(bytes);
    }

    private static bool TryRead(ReadOnlySpan<byte> source, out Cid cid, out int bytesRead, out string error)
    {
        cid = default;
        bytesRead = 0;
        if (source.Length >= BlessedLength && source[0] == 1 && source[2] == Sha256Code && source[3] == Sha256Length
            && (source[1] == DagCborCodec || source[1] == RawCodec))
        {
            bytesRead = BlessedLength;
            cid = new Cid(source[..BlessedLength].ToArray());
            error = string.Empty;
            return true;
        }

        var offset = 0;
        if (!Next(source, ref offset, out var version) || !Next(source, ref offset, out _)
            || !Next(source, ref offset, out _) || !Next(source, ref offset, out var digestLength))
        {
            error = source.Length > 0 && source[0] == 0x12 ? "CIDv0 is not supported." : "Truncated or malformed CID prefix.";
            return false;
        }

        if (version != 1)
        {
            error = $"Unsupported CID version {version}.";
            return false;
        }

        if (digestLength > MaxDigestLength || digestLength > (ulong)(source.Length - offset))
        {
            error = $"CID digest length {digestLength} exceeds the input or the {MaxDigestLength}-byte maximum.";
            return false;
        }

        bytesRead = offset + (int)digestLength;
        cid = new Cid(source[..bytesRead].ToArray());
        error = string.Empty;
        return true;
    }

    private static bool Next(ReadOnlySpan<byte> source, ref int offset, out ulong value)
    {
        if (!Varint.TryRead(source[offset..], out value, out var read))
        {
            return false;
        }

        offset += read;
        return true;
    }

    private (ulong Codec, ulong HashCode, int DigestOffset) Parts()
    {
        if (_bytes is null)
        {
            throw new InvalidOperationException("The default Cid value is not a CID.");
        }

        var offset = 0;
        ReadOnlySpan<byte> b = _bytes;
        Next(b, ref offset, out _);
        Next(b, ref offset, out var codec);
        Next(b, ref offset, out var hash);
        Next(b, ref offset, out _);
        return (codec, hash, offset);
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
