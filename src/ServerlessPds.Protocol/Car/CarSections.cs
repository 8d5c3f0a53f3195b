using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Car;

/// <summary>
/// The checks shared by the streaming and the in-memory CAR readers: length prefixes, the header, and block sections.
/// Every method throws only <see cref="CarFormatException"/> for bad input.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "CAR File Serialization"; ipld.io CARv1 (header and sections).</remarks>
internal static class CarSections
{
    private const string VersionKey = "version";
    private const string RootsKey = "roots";

    /// <summary>Reads the varint length prefix of the header or of a section.</summary>
    /// <param name="available">The bytes from the prefix on: at least <see cref="Varint.MaxBytes"/>, or all that remain.</param>
    /// <param name="offset">The offset of the prefix in the CAR.</param>
    /// <param name="index">The section index, or <see cref="CarFormatException.HeaderIndex"/>.</param>
    /// <param name="prefixBytes">The length of the prefix.</param>
    /// <returns>The length the prefix claims.</returns>
    internal static ulong ReadLengthPrefix(ReadOnlySpan<byte> available, long offset, int index, out int prefixBytes)
    {
        if (Varint.TryRead(available, out var value, out prefixBytes))
        {
            return value;
        }

        var window = available[..Math.Min(available.Length, Varint.MaxBytes)];
        var terminated = window.IndexOfAnyInRange((byte)0x00, (byte)0x7f) >= 0;
        throw new CarFormatException(
            terminated || window.Length == Varint.MaxBytes
                ? "the length varint is over-long or not in its minimal form"
                : $"truncated: the input ends inside the length varint, after {window.Length} byte(s)",
            offset,
            index);
    }

    /// <summary>Checks the length the header claims.</summary>
    /// <param name="length">The claimed length.</param>
    /// <param name="offset">The offset of the header in the CAR (0).</param>
    /// <param name="options">The limits.</param>
    /// <param name="remaining">The bytes that follow the prefix, or -1 when unknown.</param>
    /// <returns>The length as an <see cref="int"/>.</returns>
    internal static int CheckHeaderLength(ulong length, long offset, CarReaderOptions options, long remaining)
    {
        if (length == 0)
        {
            throw new CarFormatException("the header length is zero", offset);
        }

        if (length > (ulong)options.MaxHeaderBytes)
        {
            throw new CarFormatException($"the header claims {length} bytes; at most {options.MaxHeaderBytes} are accepted", offset);
        }

        if (remaining >= 0 && length > (ulong)remaining)
        {
            throw new CarFormatException($"truncated: the header claims {length} bytes but only {remaining} remain", offset);
        }

        return (int)length;
    }

    /// <summary>Decodes and checks the header: a canonical DAG-CBOR map of exactly <c>version: 1</c> and <c>roots: [CID…]</c>.</summary>
    /// <param name="header">The header bytes, without the length prefix.</param>
    /// <param name="offset">The offset of the header in the CAR.</param>
    /// <returns>The root CIDs, in order (possibly none).</returns>
    internal static Cid[] ParseHeader(ReadOnlySpan<byte> header, long offset)
    {
        DataValue value;
        try
        {
            value = DagCbor.Decode(header);
        }
        catch (DagCborFormatException e)
        {
            throw new CarFormatException($"the header is not canonical DAG-CBOR: {e.Message}", offset, innerException: e);
        }

        if (value is not DataMap map)
        {
            throw new CarFormatException($"the header is a {value.Kind}, not a map", offset);
        }

        if (!map.TryGetValue(VersionKey, out var version))
        {
            throw new CarFormatException("the header has no 'version'", offset);
        }

        if (version is not DataInteger { Value: 1 })
        {
            throw new CarFormatException(
                version is DataInteger { Value: 2 }
                    ? "CARv2 (header version 2) is not supported; only CARv1"
                    : $"the header version is {(version is DataInteger v ? v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "a " + version.Kind)}; only 1 (CARv1) is supported",
                offset);
        }

        foreach (var key in map.Entries.Keys)
        {
            if (key is not (VersionKey or RootsKey))
            {
                throw new CarFormatException($"the header has an unexpected key '{Clip(key)}'; a CARv1 header has only 'version' and 'roots'", offset);
            }
        }

        if (!map.TryGetValue(RootsKey, out var rootsValue) || rootsValue is not DataArray roots)
        {
            throw new CarFormatException("the header has no 'roots' array", offset);
        }

        var result = new Cid[roots.Items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = roots.Items[i] is DataLink link
                ? link.Cid
                : throw new CarFormatException($"header root {i} is a {roots.Items[i].Kind}, not a CID link", offset);
        }

        return result;
    }

    /// <summary>Checks the length a section claims, before anything is allocated for it.</summary>
    /// <param name="length">The claimed length (CID and block).</param>
    /// <param name="offset">The offset of the section in the CAR.</param>
    /// <param name="index">The section index.</param>
    /// <param name="options">The limits.</param>
    /// <param name="remaining">The bytes that follow the prefix, or -1 when unknown.</param>
    /// <param name="partial">The bytes after the prefix already at hand, to name the CID in a truncation message.</param>
    /// <returns>The length as an <see cref="int"/>.</returns>
    internal static int CheckSectionLength(ulong length, long offset, int index, CarReaderOptions options, long remaining, ReadOnlySpan<byte> partial)
    {
        if (length == 0)
        {
            throw new CarFormatException("zero-length section (a section holds a CID and a block)", offset, index);
        }

        var max = (ulong)options.MaxBlockBytes + Cid.BlessedLength;
        if (length > max)
        {
            throw new CarFormatException(
                $"the section claims {length} bytes; at most {max} are accepted ({options.MaxBlockBytes}-byte block and a {Cid.BlessedLength}-byte CID)",
                offset,
                index);
        }

        if (remaining >= 0 && length > (ulong)remaining)
        {
            throw Truncated(length, remaining, partial, offset, index);
        }

        return (int)length;
    }

    /// <summary>Creates the exception for a section that the input ends inside of.</summary>
    /// <param name="length">The claimed length.</param>
    /// <param name="remaining">The bytes that follow the prefix.</param>
    /// <param name="partial">The bytes after the prefix at hand, to name the CID when they hold it.</param>
    /// <param name="offset">The offset of the section.</param>
    /// <param name="index">The section index.</param>
    /// <returns>The exception to throw.</returns>
    internal static CarFormatException Truncated(ulong length, long remaining, ReadOnlySpan<byte> partial, long offset, int index)
    {
        Cid.TryRead(partial, out var cid, out _);
        return new CarFormatException($"truncated: the section claims {length} bytes but only {remaining} remain", offset, index, cid);
    }

    /// <summary>Reads a section's CID and block, and checks that the block hashes to the CID.</summary>
    /// <param name="section">The section bytes, without the length prefix.</param>
    /// <param name="offset">The offset of the section in the CAR.</param>
    /// <param name="index">The section index.</param>
    /// <returns>The block, with its bytes copied into a new array.</returns>
    internal static CarBlock ParseSection(ReadOnlySpan<byte> section, long offset, int index)
    {
        Cid cid;
        int cidLength;
        try
        {
            cid = Cid.Read(section, out cidLength);
        }
        catch (CidFormatException e)
        {
            throw new CarFormatException($"malformed CID: {e.Message}", offset, index, innerException: e);
        }

        if (cid.HashCode != Cid.Sha256Code)
        {
            throw new CarFormatException($"unsupported hash function 0x{cid.HashCode:x}; only SHA-256 (0x12) is accepted", offset, index, cid);
        }

        if (cid.Digest.Length != Cid.Sha256Length)
        {
            throw new CarFormatException($"a SHA-256 digest of {cid.Digest.Length} bytes; it must be {Cid.Sha256Length}", offset, index, cid);
        }

        if (!cid.IsBlessed)
        {
            throw new CarFormatException($"unsupported codec 0x{cid.Codec:x}; only DAG-CBOR (0x71) and raw (0x55) are accepted", offset, index, cid);
        }

        var block = section[cidLength..];
        if (!cid.Matches(block))
        {
            throw new CarFormatException($"the block's SHA-256 does not match its CID ({block.Length}-byte block)", offset, index, cid);
        }

        return new CarBlock(cid, block.ToArray());
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
