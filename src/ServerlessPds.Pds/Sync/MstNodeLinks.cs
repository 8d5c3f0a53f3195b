using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// The links of one MST node block: its left subtree <c>l</c> and, per entry, the record <c>v</c> and the right
/// subtree <c>t</c>, in key order. Enough to walk a tree for export without rebuilding keys.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "Merkle Search Tree" (node schema <c>{e: [{k, p, t, v}], l}</c>).</remarks>
internal sealed record MstNodeLinks(Cid? Left, IReadOnlyList<(Cid Value, Cid? Right)> Entries)
{
    /// <summary>Tells cheaply whether a block is shaped like an MST node: a DAG-CBOR map of exactly two keys, the first <c>e</c>.</summary>
    /// <remarks>Records always carry <c>$type</c> and commits have six keys, so neither passes.</remarks>
    public static bool LooksLikeNode(ReadOnlySpan<byte> block)
    {
        try
        {
            var reader = new DagCborReader(block);
            return reader.PeekKind() == DataKind.Map && reader.ReadMapHeader() == 2
                && reader.PeekKind() == DataKind.String && reader.ReadStringUtf8().SequenceEqual("e"u8);
        }
        catch (DagCborFormatException)
        {
            return false;
        }
    }

    /// <summary>Tells cheaply whether a block may be a commit: a DAG-CBOR map of five or six keys, the first <c>did</c>.</summary>
    public static bool LooksLikeCommit(ReadOnlySpan<byte> block)
    {
        try
        {
            var reader = new DagCborReader(block);
            return reader.PeekKind() == DataKind.Map && reader.ReadMapHeader() is 5 or 6
                && reader.PeekKind() == DataKind.String && reader.ReadStringUtf8().SequenceEqual("did"u8);
        }
        catch (DagCborFormatException)
        {
            return false;
        }
    }

    /// <summary>Reads the links of a node block.</summary>
    /// <exception cref="MstFormatException">The block is not shaped like a node.</exception>
    /// <exception cref="DagCborFormatException">The block is not DAG-CBOR.</exception>
    public static MstNodeLinks Read(Cid cid, ReadOnlySpan<byte> block)
    {
        if (DagCbor.Decode(block) is not DataMap { Count: 2 } map || map["e"] is not DataArray entries || map["l"] is not { } left)
        {
            throw new MstFormatException("A node is a map of exactly 'e' and 'l'", cid);
        }

        var links = new List<(Cid, Cid?)>(entries.Items.Count);
        foreach (var item in entries.Items)
        {
            if (item is not DataMap entry || entry["v"] is not DataLink value || entry["t"] is not { } right)
            {
                throw new MstFormatException("A node entry needs a 'v' link and a 't' link or null", cid);
            }

            links.Add((value.Cid, Link(cid, right)));
        }

        return new MstNodeLinks(Link(cid, left), links);
    }

    private static Cid? Link(Cid cid, DataValue value) => value switch
    {
        DataLink link => link.Cid,
        DataNull => null,
        _ => throw new MstFormatException("A subtree is a link or null", cid),
    };
}
