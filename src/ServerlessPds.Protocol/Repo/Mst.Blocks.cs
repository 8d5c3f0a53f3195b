using System.Buffers;
using System.Runtime.CompilerServices;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>Blocks: what a commit must persist, every reachable node for export, and the proof of one key.</summary>
public sealed partial class Mst
{
    /// <summary>
    /// Gets the blocks of the nodes created in memory (by edits or <see cref="Build"/>) that this tree reaches: what a
    /// commit must persist beside the blocks already stored. Stored nodes are never read.
    /// </summary>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The CIDs and DAG-CBOR bytes, each node once, in depth-first pre-order. The arrays are shared with the tree and must not be modified.</returns>
    public ValueTask<IReadOnlyList<(Cid Cid, byte[] Bytes)>> GetNewBlocksAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        _root.EnsureEncoded(buffer);
        var result = new List<(Cid, byte[])>();
        var seen = new HashSet<Cid>();
        var stack = new Stack<MstNode>();
        stack.Push(_root);
        while (stack.TryPop(out var node))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!node.IsNew || !seen.Add(node.KnownCid))
            {
                continue;
            }

            result.Add(node.GetBlock(buffer));
            for (var i = node.Entries.Length; i >= 0; i--)
            {
                if (node.LinkAt(i) is { } child)
                {
                    stack.Push(child);
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<(Cid Cid, byte[] Bytes)>>(result);
    }

    /// <summary>Enumerates the block of every node reachable from the root, loading stored nodes as it goes.</summary>
    /// <param name="cancellationToken">A token that cancels the enumeration.</param>
    /// <returns>The CIDs and bytes in depth-first pre-order (a node, then its <c>l</c> subtree, then each entry's <c>t</c>).</returns>
    /// <exception cref="MissingBlockException">A reachable node is missing.</exception>
    /// <exception cref="MstFormatException">A reachable node is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A reachable node is not canonical DAG-CBOR.</exception>
    public async IAsyncEnumerable<(Cid Cid, ReadOnlyMemory<byte> Bytes)> WalkBlocksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        _root.EnsureEncoded(buffer);
        var stack = new Stack<MstNode>();
        stack.Push(_root);
        while (stack.TryPop(out var stub))
        {
            var node = await stub.LoadAsync(cancellationToken).ConfigureAwait(false);
            var (cid, bytes) = node.GetBlock(buffer);
            yield return (cid, bytes);
            for (var i = node.Entries.Length; i >= 0; i--)
            {
                if (node.LinkAt(i) is { } child)
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// Gets the node blocks that prove the value of <paramref name="key"/>, or its absence, together with its neighbours:
    /// the nodes on the key's search path and, when the key is present, the nodes down the facing edges of the subtrees
    /// on either side of it (to its nearest neighbours). This is what <c>com.atproto.sync.getRecord</c> and the firehose
    /// carry; a commit's proofs let a reader invert the commit (<see cref="InvertAsync"/>).
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The CIDs and bytes, root first, each node once. The arrays are shared with the tree and must not be modified.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="MissingBlockException">A node the proof needs is missing.</exception>
    /// <exception cref="MstFormatException">A node the proof reads is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A node the proof reads is not canonical DAG-CBOR.</exception>
    /// <remarks>Spec: atproto.com/specs/sync, "Commit validation" and "inductive firehose".</remarks>
    public async ValueTask<IReadOnlyList<(Cid Cid, byte[] Bytes)>> GetCoveringProofAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var buffer = new ArrayBufferWriter<byte>(512);
        _root.EnsureEncoded(buffer);
        var result = new List<(Cid, byte[])>();
        var node = await _root.LoadAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            result.Add(node.GetBlock(buffer));
            var i = node.LowerBound(key);
            if (i < node.Entries.Length && node.Entries[i].Key == key)
            {
                await AddEdgeAsync(result, node.LinkAt(i), rightEdge: true, buffer, cancellationToken).ConfigureAwait(false);
                await AddEdgeAsync(result, node.Entries[i].Right, rightEdge: false, buffer, cancellationToken).ConfigureAwait(false);
                break;
            }

            if (node.LinkAt(i) is not { } child)
            {
                break;
            }

            node = await child.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private static async ValueTask AddEdgeAsync(List<(Cid, byte[])> result, MstNode? subtree, bool rightEdge, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        while (subtree is not null)
        {
            var node = await subtree.LoadAsync(ct).ConfigureAwait(false);
            result.Add(node.GetBlock(buffer));
            subtree = rightEdge ? node.LinkAt(node.Entries.Length) : node.Left;
        }
    }
}
