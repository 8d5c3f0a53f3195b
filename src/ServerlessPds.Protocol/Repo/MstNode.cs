using System.Buffers;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// One MST node, immutable once loaded: its layer, left subtree (<c>l</c>) and entries (<c>e</c>). A node is either
/// created in memory by an edit or a build (<see cref="IsNew"/>), or a stub that knows only its CID and loads its
/// content from an <see cref="IBlockSource"/> the first time a path needs it. Loading and encoding publish their result
/// with one reference write, so concurrent readers see either nothing or the whole result.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "Merkle Search Tree".</remarks>
internal sealed class MstNode
{
    private readonly IBlockSource? _source;
    private readonly Cid _stubCid;
    private readonly int _expectedLayer;
    private Content? _content;
    private Block? _block;

    /// <summary>Initializes a node created in memory.</summary>
    /// <param name="layer">The node's layer (0 for the bottom).</param>
    /// <param name="left">The left subtree, or <see langword="null"/>.</param>
    /// <param name="entries">The entries in key order; the array is kept.</param>
    internal MstNode(int layer, MstNode? left, MstEntry[] entries)
    {
        _content = new Content(layer, left, entries);
        _expectedLayer = layer;
        IsNew = true;
    }

    /// <summary>Initializes a stub for a stored node.</summary>
    /// <param name="source">Where the node's block is read from.</param>
    /// <param name="cid">The node's CID.</param>
    /// <param name="expectedLayer">The layer its parent implies, or -1 for a root.</param>
    /// <param name="lower">The key every key in the subtree must follow, or <see langword="null"/>.</param>
    /// <param name="upper">The key every key in the subtree must precede, or <see langword="null"/>.</param>
    internal MstNode(IBlockSource source, Cid cid, int expectedLayer, string? lower, string? upper)
    {
        _source = source;
        _stubCid = cid;
        _expectedLayer = expectedLayer;
        Lower = lower;
        Upper = upper;
    }

    /// <summary>Gets a value indicating whether the node was created in memory rather than loaded.</summary>
    internal bool IsNew { get; }

    /// <summary>Gets a value indicating whether the node's content is available without loading.</summary>
    internal bool IsLoaded => Volatile.Read(ref _content) is not null;

    /// <summary>Gets the node's CID if it is known (loaded, stub or encoded); otherwise the default value.</summary>
    internal Cid KnownCid => Volatile.Read(ref _block)?.Cid ?? _stubCid;

    /// <summary>Gets the exclusive lower bound of a stub's keys, from its parent.</summary>
    internal string? Lower { get; }

    /// <summary>Gets the exclusive upper bound of a stub's keys, from its parent.</summary>
    internal string? Upper { get; }

    /// <summary>Gets the layer when known (created, loaded, or a stub below a loaded parent); -1 for an unloaded root.</summary>
    internal int KnownLayer => Volatile.Read(ref _content)?.Layer ?? _expectedLayer;

    /// <summary>Gets the layer of a loaded node.</summary>
    internal int Layer => Loaded.Layer;

    /// <summary>Gets the left subtree of a loaded node.</summary>
    internal MstNode? Left => Loaded.Left;

    /// <summary>Gets the entries of a loaded node.</summary>
    internal MstEntry[] Entries => Loaded.Entries;

    /// <summary>Gets a value indicating whether a loaded node has neither entries nor a left subtree (the empty tree).</summary>
    internal bool IsEmpty => Loaded.Entries.Length == 0 && Loaded.Left is null;

    private Content Loaded => Volatile.Read(ref _content) ?? throw new InvalidOperationException("MST node not loaded.");

    /// <summary>Creates the node of the empty tree (layer 0, no entries, no subtree).</summary>
    /// <returns>A new empty node.</returns>
    internal static MstNode CreateEmpty() => new(0, null, []);

    /// <summary>Gets the subtree at link position <paramref name="index"/>: 0 is <c>l</c>, <c>i</c> &gt; 0 is entry <c>i - 1</c>'s <c>t</c>.</summary>
    /// <param name="index">The link position, 0 to the entry count.</param>
    /// <returns>The subtree, or <see langword="null"/>.</returns>
    internal MstNode? LinkAt(int index) => index == 0 ? Left : Entries[index - 1].Right;

    /// <summary>Returns a copy of this loaded node whose link at <paramref name="index"/> is <paramref name="child"/>.</summary>
    /// <param name="index">The link position.</param>
    /// <param name="child">The new subtree, or <see langword="null"/>.</param>
    /// <returns>The new node, or <see langword="null"/> when it would be empty.</returns>
    internal MstNode? WithLink(int index, MstNode? child)
    {
        if (index == 0)
        {
            return Entries.Length == 0 && child is null ? null : new MstNode(Layer, child, Entries);
        }

        var entries = (MstEntry[])Entries.Clone();
        entries[index - 1] = entries[index - 1] with { Right = child };
        return new MstNode(Layer, Left, entries);
    }

    /// <summary>Finds the first entry whose key is not less than <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The entry index, or the entry count when every key is less.</returns>
    internal int LowerBound(string key)
    {
        var entries = Entries;
        int lo = 0, hi = entries.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(entries[mid].Key, key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Loads the node's content if it is a stub not loaded yet.</summary>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>This node, loaded.</returns>
    /// <exception cref="MissingBlockException">The source does not hold the block.</exception>
    /// <exception cref="MstFormatException">The block is not a valid node in its place.</exception>
    /// <exception cref="DagCborFormatException">The block is not canonical DAG-CBOR.</exception>
    internal ValueTask<MstNode> LoadAsync(CancellationToken cancellationToken) =>
        IsLoaded ? ValueTask.FromResult(this) : LoadSlowAsync(cancellationToken);

    /// <summary>Computes (once) and returns the node's CID, encoding new descendants first.</summary>
    /// <param name="buffer">A scratch buffer for encoding.</param>
    /// <returns>The CID.</returns>
    internal Cid EnsureEncoded(ArrayBufferWriter<byte> buffer) =>
        Volatile.Read(ref _block)?.Cid ?? (IsNew ? EnsureBlock(buffer).Cid : _stubCid);

    /// <summary>Gets the block of a new or loaded node, encoding it (and new descendants) first when needed.</summary>
    /// <param name="buffer">A scratch buffer for encoding.</param>
    /// <returns>The CID and bytes.</returns>
    internal (Cid Cid, byte[] Bytes) GetBlock(ArrayBufferWriter<byte> buffer)
    {
        var block = EnsureBlock(buffer);
        return (block.Cid, block.Bytes);
    }

    private Block EnsureBlock(ArrayBufferWriter<byte> buffer)
    {
        if (Volatile.Read(ref _block) is { } block)
        {
            return block;
        }

        var content = Loaded;
        content.Left?.EnsureEncoded(buffer);
        foreach (var entry in content.Entries)
        {
            entry.Right?.EnsureEncoded(buffer);
        }

        var bytes = MstNodeCodec.Encode(content.Left, content.Entries, buffer);
        block = new Block(Cid.ComputeDagCbor(bytes), bytes);
        Volatile.Write(ref _block, block);
        return block;
    }

    private async ValueTask<MstNode> LoadSlowAsync(CancellationToken cancellationToken)
    {
        var bytes = await _source!.GetBlockAsync(_stubCid, cancellationToken).ConfigureAwait(false)
            ?? throw new MissingBlockException(_stubCid);
        var copy = bytes.ToArray();
        if (!_stubCid.Matches(copy))
        {
            throw new MstFormatException("The block does not hash to its CID", _stubCid);
        }

        var decoded = MstNodeCodec.Decode(copy, _source, _stubCid, _expectedLayer, Lower, Upper);
        Interlocked.CompareExchange(ref _block, new Block(_stubCid, copy), null);
        Interlocked.CompareExchange(ref _content, new Content(decoded.Layer, decoded.Left, decoded.Entries), null);
        return this;
    }

    private sealed record Content(int Layer, MstNode? Left, MstEntry[] Entries);

    private sealed record Block(Cid Cid, byte[] Bytes);
}
