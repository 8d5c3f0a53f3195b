using System.Buffers;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// An immutable, persistent Merkle Search Tree: the sorted map from repo path (<c>collection/rkey</c>) to record CID
/// at the heart of an atproto repository. Edits return a new tree that shares every unchanged node with the old one.
/// Nodes load lazily from an <see cref="IBlockSource"/>, only when an operation's path needs them, so a tree over a
/// partial block set (a CAR slice, a commit proof) works as far as its blocks reach and throws
/// <see cref="MissingBlockException"/> beyond.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository, "Merkle Search Tree". Each key sits on the layer given by
/// <see cref="MstKey.Depth(string)"/>; the structure depends only on the key set, never on the order of edits, so equal
/// contents give equal root CIDs. Nodes are DAG-CBOR <c>{l, e: [{p, k, v, t}]}</c>; see <see cref="MstKey"/> for key rules.
/// The partial class is split by concern: this file (construction, root CID), <c>Mst.Read.cs</c> (get, list),
/// <c>Mst.Write.cs</c> (add, update, put, delete), <c>Mst.Blocks.cs</c> (new blocks, walks, proofs),
/// <c>Mst.Invert.cs</c> (commit-proof inversion). Instances are safe to use from several threads.
/// </remarks>
public sealed partial class Mst
{
    private readonly MstNode _root;

    private Mst(IBlockSource? source, MstNode root)
    {
        Source = source;
        _root = root;
    }

    /// <summary>Gets the block source nodes are loaded from, or <see langword="null"/> for a tree built without one.</summary>
    public IBlockSource? Source { get; }

    /// <summary>Creates an empty tree.</summary>
    /// <param name="source">The block source later trees derived from this one belong with.</param>
    /// <returns>The empty tree; its root is the one empty node, whose block <see cref="GetNewBlocksAsync"/> returns.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static Mst Create(IBlockSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Mst(source, MstNode.CreateEmpty());
    }

    /// <summary>Opens the stored tree whose root node is <paramref name="root"/>. Nothing is read until an operation needs it.</summary>
    /// <param name="source">Where the node blocks are read from.</param>
    /// <param name="root">The CID of the root node (a commit's <c>data</c>).</param>
    /// <returns>The tree.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="root"/> is the default value.</exception>
    public static Mst Load(IBlockSource source, Cid root)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (root.IsDefault)
        {
            throw new ArgumentException("The root needs a CID.", nameof(root));
        }

        return new Mst(source, new MstNode(source, root, -1, null, null));
    }

    /// <summary>
    /// Builds a tree from scratch in one pass: sorts the pairs, computes each key's depth and assembles the nodes bottom
    /// up, encoding each node once. Much faster than adding the keys one by one; the result is identical.
    /// </summary>
    /// <param name="source">The block source later trees belong with, or <see langword="null"/>.</param>
    /// <param name="entries">The keys and values, in any order.</param>
    /// <returns>The tree, every node new (see <see cref="GetNewBlocksAsync"/>) and its root CID already computed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is null.</exception>
    /// <exception cref="ArgumentException">A key is not a valid MST key, appears twice, or a value is the default CID.</exception>
    public static Mst Build(IBlockSource? source, IEnumerable<KeyValuePair<string, Cid>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new Mst(source, MstBuilder.Build(entries));
    }

    /// <summary>Gets the root node's CID, encoding (once) every node created since the tree was loaded.</summary>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The root CID: what a commit's <c>data</c> field holds.</returns>
    public ValueTask<Cid> GetRootCidAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_root.EnsureEncoded(new ArrayBufferWriter<byte>(512)));
    }

    /// <summary>Tells whether the tree has no keys.</summary>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns><see langword="true"/> if the tree is empty; otherwise <see langword="false"/>.</returns>
    /// <exception cref="MissingBlockException">The root block is missing.</exception>
    /// <exception cref="MstFormatException">The root block is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">The root block is not canonical DAG-CBOR.</exception>
    public async ValueTask<bool> IsEmptyAsync(CancellationToken cancellationToken = default) =>
        (await _root.LoadAsync(cancellationToken).ConfigureAwait(false)).IsEmpty;

    /// <summary>Gets the root node, for the diff walker.</summary>
    internal MstNode RootNode => _root;

    private Mst With(MstNode root) => ReferenceEquals(root, _root) ? this : new Mst(Source, root);
}
