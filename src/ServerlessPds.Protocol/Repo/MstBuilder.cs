using System.Buffers;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// Builds an MST bottom up from unsorted pairs in O(n) after sorting: keys are visited in order, one open node per
/// layer collects entries, and a key of depth <c>d</c> closes the open nodes of every layer below <c>d</c>, each becoming
/// the subtree at the current end of the node one layer up. A node is encoded the moment it closes (its subtrees have
/// closed before it), so every node is encoded exactly once.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "Merkle Search Tree".</remarks>
internal static class MstBuilder
{
    /// <summary>Builds the tree and returns its encoded root node.</summary>
    /// <param name="pairs">The keys and values.</param>
    /// <returns>The root node.</returns>
    /// <exception cref="ArgumentException">A key is invalid or repeated, or a value is the default CID.</exception>
    internal static MstNode Build(IEnumerable<KeyValuePair<string, Cid>> pairs)
    {
        var list = pairs as ICollection<KeyValuePair<string, Cid>> ?? [.. pairs];
        var keys = new string[list.Count];
        var values = new Cid[list.Count];
        var n = 0;
        foreach (var (key, value) in list)
        {
            if (!MstKey.IsValid(key))
            {
                throw new ArgumentException($"'{key}' is not a valid MST key.", nameof(pairs));
            }

            if (value.IsDefault)
            {
                throw new ArgumentException($"The value of '{key}' is the default CID.", nameof(pairs));
            }

            keys[n] = key;
            values[n++] = value;
        }

        Array.Sort(keys, values, StringComparer.Ordinal);
        var depths = new int[n];
        var maxDepth = 0;
        for (var i = 0; i < n; i++)
        {
            if (i > 0 && string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal))
            {
                throw new ArgumentException($"The key '{keys[i]}' appears twice.", nameof(pairs));
            }

            depths[i] = MstKey.Depth(keys[i]);
            maxDepth = Math.Max(maxDepth, depths[i]);
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        if (n == 0)
        {
            var empty = MstNode.CreateEmpty();
            empty.EnsureEncoded(buffer);
            return empty;
        }

        var open = new OpenNode[maxDepth + 1];
        for (var layer = 0; layer <= maxDepth; layer++)
        {
            open[layer] = new OpenNode();
        }

        for (var i = 0; i < n; i++)
        {
            CloseBelow(open, depths[i], buffer);
            open[depths[i]].Entries.Add(new MstEntry(keys[i], values[i], null));
        }

        CloseBelow(open, maxDepth, buffer);
        return open[maxDepth].Close(maxDepth, buffer)!;
    }

    private static void CloseBelow(OpenNode[] open, int depth, ArrayBufferWriter<byte> buffer)
    {
        for (var layer = 0; layer < depth; layer++)
        {
            if (open[layer].Close(layer, buffer) is { } child)
            {
                open[layer + 1].Attach(child);
            }
        }
    }

    private sealed class OpenNode
    {
        public List<MstEntry> Entries { get; } = [];

        public MstNode? Left { get; private set; }

        public void Attach(MstNode child)
        {
            if (Entries.Count == 0)
            {
                Left = child;
            }
            else
            {
                Entries[^1] = Entries[^1] with { Right = child };
            }
        }

        public MstNode? Close(int layer, ArrayBufferWriter<byte> buffer)
        {
            if (Entries.Count == 0 && Left is null)
            {
                return null;
            }

            var node = new MstNode(layer, Left, [.. Entries]);
            node.EnsureEncoded(buffer);
            Entries.Clear();
            Left = null;
            return node;
        }
    }
}
