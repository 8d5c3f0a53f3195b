using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// Walks an MST in key order one item at a time, where an item is a key (leaf) or a whole subtree that the caller may
/// step over without loading or step into. Each subtree item carries its layer and the exclusive key bounds its parent
/// gives it, which <see cref="MstDiff"/> uses to skip subtrees.
/// </summary>
internal sealed class MstWalker
{
    private readonly Stack<Frame> _stack = new();
    private MstNode? _root;

    /// <summary>Initializes a walker positioned on the whole tree as one subtree item.</summary>
    /// <param name="root">The root node, or <see langword="null"/> for a walk that is already done.</param>
    internal MstWalker(MstNode? root)
    {
        _root = root;
        Done = root is null;
        if (root is not null)
        {
            Current = new Item(null, default, root, root.KnownLayer, null, null);
        }
    }

    /// <summary>Gets a value indicating whether every item has been passed.</summary>
    internal bool Done { get; private set; }

    /// <summary>Gets the current item; meaningless when <see cref="Done"/>.</summary>
    internal Item Current { get; private set; }

    /// <summary>Moves past the current item without loading it.</summary>
    internal void StepOver()
    {
        if (_root is not null)
        {
            _root = null;
            Done = true;
            return;
        }

        _stack.Peek().Position++;
        Settle();
    }

    /// <summary>Loads the current subtree item and moves to its first item.</summary>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The loaded node.</returns>
    internal async ValueTask<MstNode> StepIntoAsync(CancellationToken cancellationToken)
    {
        var item = Current;
        var node = await item.Tree!.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (_root is not null)
        {
            _root = null;
        }
        else
        {
            _stack.Peek().Position++;
        }

        _stack.Push(new Frame(node, item.Lower, item.Upper));
        Settle();
        return node;
    }

    /// <summary>
    /// Tells whether a subtree with CID <paramref name="cid"/> lies ahead of the current item in a node already loaded,
    /// found without reading anything.
    /// </summary>
    /// <param name="cid">The subtree's CID.</param>
    /// <returns><see langword="true"/> if such a subtree is ahead; otherwise <see langword="false"/>.</returns>
    internal bool HasAhead(Cid cid)
    {
        var top = true;
        foreach (var frame in _stack)
        {
            var entries = frame.Node.Entries;
            for (var j = (frame.Position + (top ? 2 : 1)) / 2; j <= entries.Length; j++)
            {
                if (frame.Node.LinkAt(j) is { } link && link.KnownCid == cid)
                {
                    return true;
                }
            }

            top = false;
        }

        return false;
    }

    private void Settle()
    {
        while (_stack.TryPeek(out var frame))
        {
            var entries = frame.Node.Entries;
            for (; frame.Position <= 2 * entries.Length; frame.Position++)
            {
                var p = frame.Position;
                if (p % 2 == 1)
                {
                    var entry = entries[p / 2];
                    Current = new Item(entry.Key, entry.Value, null, frame.Node.Layer, null, null);
                    return;
                }

                var j = p / 2;
                if (frame.Node.LinkAt(j) is { } child)
                {
                    Current = new Item(
                        null, default, child, frame.Node.Layer - 1, j == 0 ? frame.Lower : entries[j - 1].Key, j == entries.Length ? frame.Upper : entries[j].Key);
                    return;
                }
            }

            _stack.Pop();
        }

        Done = true;
    }

    /// <summary>One item: a leaf (<see cref="Key"/> set) or a subtree (<see cref="Tree"/> set).</summary>
    /// <param name="Key">The leaf's key.</param>
    /// <param name="Value">The leaf's value.</param>
    /// <param name="Tree">The subtree.</param>
    /// <param name="Layer">The leaf's node layer, or the subtree's layer.</param>
    /// <param name="Lower">The subtree's exclusive lower key bound, or <see langword="null"/>.</param>
    /// <param name="Upper">The subtree's exclusive upper key bound, or <see langword="null"/>.</param>
    internal readonly record struct Item(string? Key, Cid Value, MstNode? Tree, int Layer, string? Lower, string? Upper)
    {
        /// <summary>Gets a value indicating whether the item is a leaf.</summary>
        public bool IsLeaf => Key is not null;
    }

    private sealed class Frame(MstNode node, string? lower, string? upper)
    {
        public MstNode Node { get; } = node;

        public string? Lower { get; } = lower;

        public string? Upper { get; } = upper;

        public int Position { get; set; }
    }
}
