using System.Buffers;
using System.Text;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// Encodes MST nodes as canonical DAG-CBOR and decodes them strictly. Node shape:
/// <c>{e: [{k: bytes, p: int, t: link|null, v: link}, ...], l: link|null}</c>, keys in canonical order, every field
/// present, <c>k</c> the key's suffix after the <c>p</c> bytes it shares with the previous key of the same node.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "Merkle Search Tree" (node schema and key prefix compression).</remarks>
internal static class MstNodeCodec
{
    /// <summary>Encodes a node whose subtrees all have known CIDs.</summary>
    /// <param name="left">The left subtree, or <see langword="null"/>.</param>
    /// <param name="entries">The entries in key order.</param>
    /// <param name="buffer">A scratch buffer; reset before use.</param>
    /// <returns>The block's bytes.</returns>
    internal static byte[] Encode(MstNode? left, MstEntry[] entries, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        var writer = new DagCborWriter(buffer);
        Span<byte> suffix = stackalloc byte[MstKey.MaxLength];
        writer.WriteMapHeader(2);
        writer.WriteString("e"u8);
        writer.WriteArrayHeader(entries.Length);
        var previous = string.Empty;
        foreach (var entry in entries)
        {
            var prefix = previous.AsSpan().CommonPrefixLength(entry.Key);
            var length = Encoding.ASCII.GetBytes(entry.Key.AsSpan(prefix), suffix);
            writer.WriteMapHeader(4);
            writer.WriteString("k"u8);
            writer.WriteBytes(suffix[..length]);
            writer.WriteString("p"u8);
            writer.WriteInteger(prefix);
            writer.WriteString("t"u8);
            WriteLink(writer, entry.Right);
            writer.WriteString("v"u8);
            writer.WriteCid(entry.Value);
            previous = entry.Key;
        }

        writer.WriteString("l"u8);
        WriteLink(writer, left);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes and validates a node block in its place in the tree.</summary>
    /// <param name="block">The block's bytes.</param>
    /// <param name="source">The source the node's subtrees load from.</param>
    /// <param name="cid">The block's CID, for messages.</param>
    /// <param name="expectedLayer">The layer the parent implies, or -1 for a root (layer taken from the keys).</param>
    /// <param name="lower">The exclusive lower bound of the node's keys, or <see langword="null"/>.</param>
    /// <param name="upper">The exclusive upper bound of the node's keys, or <see langword="null"/>.</param>
    /// <returns>The node's layer, left subtree stub and entries (with subtree stubs).</returns>
    /// <exception cref="MstFormatException">The block is not a valid MST node here.</exception>
    /// <exception cref="DagCborFormatException">The block is not canonical DAG-CBOR.</exception>
    internal static (int Layer, MstNode? Left, MstEntry[] Entries) Decode(
        ReadOnlySpan<byte> block, IBlockSource? source, Cid? cid, int expectedLayer, string? lower, string? upper)
    {
        var reader = new DagCborReader(block);
        if (Expect(ref reader, DataKind.Map, "A node", cid) != 2 || !IsField(ref reader, "e"u8))
        {
            throw new MstFormatException("A node is a map of exactly 'e' and 'l'", cid);
        }

        var count = Expect(ref reader, DataKind.Array, "The entries 'e'", cid);
        var keys = new string[count];
        var values = new Cid[count];
        var rights = new Cid?[count];
        Span<byte> key = stackalloc byte[MstKey.MaxLength];
        var keyLength = 0;
        var layer = expectedLayer;
        for (var i = 0; i < count; i++)
        {
            if (Expect(ref reader, DataKind.Map, "An entry", cid) != 4 || !IsField(ref reader, "k"u8))
            {
                throw new MstFormatException("An entry is a map of exactly 'k', 'p', 't' and 'v'", cid);
            }

            Expect(ref reader, DataKind.Bytes, "The key suffix 'k'", cid);
            var suffix = reader.ReadBytes();
            ExpectField(ref reader, "p"u8, cid);
            Expect(ref reader, DataKind.Integer, "The prefix length 'p'", cid);
            var prefix = reader.ReadInteger();
            if (prefix < 0 || prefix > keyLength)
            {
                throw new MstFormatException($"Entry {i} has prefix length {prefix} but the previous key is {keyLength} bytes", cid);
            }

            if (prefix + suffix.Length > MstKey.MaxLength)
            {
                throw new MstFormatException($"Entry {i}'s key is longer than {MstKey.MaxLength} bytes", cid);
            }

            if (i > 0 && !IsGreater(key[..keyLength], (int)prefix, suffix))
            {
                throw new MstFormatException($"Entry {i}'s key is not after the previous key", cid);
            }

            if (prefix < keyLength && suffix.Length > 0 && suffix[0] == key[(int)prefix])
            {
                throw new MstFormatException($"Entry {i}'s prefix length {prefix} is shorter than the shared prefix", cid);
            }

            suffix.CopyTo(key[(int)prefix..]);
            keyLength = (int)prefix + suffix.Length;
            var full = key[..keyLength];
            if (!MstKey.IsValid(full))
            {
                throw new MstFormatException($"Entry {i}'s key is not a valid MST key", cid);
            }

            var depth = MstKey.Depth(full);
            if (layer < 0)
            {
                layer = depth;
            }
            else if (depth != layer)
            {
                throw new MstFormatException($"Entry {i}'s key has depth {depth} in a node at layer {layer}", cid);
            }

            keys[i] = Encoding.ASCII.GetString(full);
            ExpectField(ref reader, "t"u8, cid);
            rights[i] = ReadOptionalLink(ref reader, "The subtree 't'", cid);
            ExpectField(ref reader, "v"u8, cid);
            Expect(ref reader, DataKind.Link, "The value 'v'", cid);
            values[i] = reader.ReadCid();
        }

        ExpectField(ref reader, "l"u8, cid);
        var leftCid = ReadOptionalLink(ref reader, "The subtree 'l'", cid);
        if (!reader.IsAtEnd)
        {
            throw new MstFormatException("Bytes follow the node", cid);
        }

        CheckShape(count, leftCid, rights, expectedLayer, ref layer, cid);
        if (count > 0 && ((lower is not null && string.CompareOrdinal(keys[0], lower) <= 0)
            || (upper is not null && string.CompareOrdinal(keys[^1], upper) >= 0)))
        {
            throw new MstFormatException("The node's keys fall outside the range its parent gives them", cid);
        }

        var left = leftCid is { } l ? new MstNode(source!, l, layer - 1, lower, count > 0 ? keys[0] : upper) : null;
        var entries = new MstEntry[count];
        for (var i = 0; i < count; i++)
        {
            var right = rights[i] is { } r ? new MstNode(source!, r, layer - 1, keys[i], i + 1 < count ? keys[i + 1] : upper) : null;
            entries[i] = new MstEntry(keys[i], values[i], right);
        }

        return (layer, left, entries);
    }

    private static void CheckShape(int count, Cid? left, Cid?[] rights, int expectedLayer, ref int layer, Cid? cid)
    {
        if (count == 0)
        {
            if (expectedLayer < 0 && left is not null)
            {
                throw new MstFormatException("The root is an empty node holding only a subtree; the tree's top must be trimmed", cid);
            }

            if (expectedLayer >= 0 && left is null)
            {
                throw new MstFormatException("An empty node is allowed only as the root of an empty tree", cid);
            }

            layer = Math.Max(layer, 0);
        }

        if (layer == 0 && (left is not null || Array.Exists(rights, r => r is not null)))
        {
            throw new MstFormatException("A node at layer 0 has a subtree", cid);
        }
    }

    private static bool IsGreater(ReadOnlySpan<byte> previous, int prefix, ReadOnlySpan<byte> suffix) =>
        suffix.SequenceCompareTo(previous[prefix..]) > 0;

    private static void ExpectField(ref DagCborReader reader, ReadOnlySpan<byte> name, Cid? cid)
    {
        if (!IsField(ref reader, name))
        {
            throw new MstFormatException($"Expected the field '{Encoding.ASCII.GetString(name)}' next", cid);
        }
    }

    private static bool IsField(ref DagCborReader reader, ReadOnlySpan<byte> name) =>
        reader.PeekKind() == DataKind.String && reader.ReadStringUtf8().SequenceEqual(name);

    /// <summary>Checks the next item's kind; for maps and arrays reads the head and returns the count.</summary>
    private static int Expect(ref DagCborReader reader, DataKind kind, string what, Cid? cid)
    {
        var actual = reader.PeekKind();
        if (actual != kind)
        {
            throw new MstFormatException($"{what} must be {kind.ToString().ToLowerInvariant()}, not {actual.ToString().ToLowerInvariant()}", cid);
        }

        return kind switch
        {
            DataKind.Map => reader.ReadMapHeader(),
            DataKind.Array => reader.ReadArrayHeader(),
            _ => 0,
        };
    }

    private static Cid? ReadOptionalLink(ref DagCborReader reader, string what, Cid? cid)
    {
        if (reader.TryReadNull())
        {
            return null;
        }

        Expect(ref reader, DataKind.Link, what + " (or null)", cid);
        return reader.ReadCid();
    }

    private static void WriteLink(DagCborWriter writer, MstNode? node)
    {
        if (node is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.WriteCid(node.KnownCid);
        }
    }
}
