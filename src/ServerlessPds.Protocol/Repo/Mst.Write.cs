using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>Editing: add, update, put and delete, each returning a new tree that shares unchanged nodes.</summary>
public sealed partial class Mst
{
    private enum PutMode
    {
        Add,
        Update,
        Put,
    }

    /// <summary>Adds a key that is not in the tree.</summary>
    /// <param name="key">The key, <c>collection/rkey</c>.</param>
    /// <param name="value">The value CID.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The new tree.</returns>
    /// <exception cref="ArgumentException">The key is not a valid MST key, or the value is the default CID.</exception>
    /// <exception cref="InvalidOperationException">The key is already in the tree.</exception>
    /// <exception cref="MissingBlockException">A node the edit needs is missing.</exception>
    /// <exception cref="MstFormatException">A node the edit reads is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A node the edit reads is not canonical DAG-CBOR.</exception>
    public ValueTask<Mst> AddAsync(string key, Cid value, CancellationToken cancellationToken = default) =>
        PutCoreAsync(key, value, PutMode.Add, cancellationToken);

    /// <summary>Changes the value of a key that is in the tree.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The new value CID.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The new tree (this tree when the value is unchanged).</returns>
    /// <exception cref="ArgumentException">The key is not a valid MST key, or the value is the default CID.</exception>
    /// <exception cref="InvalidOperationException">The key is not in the tree.</exception>
    /// <exception cref="MissingBlockException">A node the edit needs is missing.</exception>
    /// <exception cref="MstFormatException">A node the edit reads is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A node the edit reads is not canonical DAG-CBOR.</exception>
    public ValueTask<Mst> UpdateAsync(string key, Cid value, CancellationToken cancellationToken = default) =>
        PutCoreAsync(key, value, PutMode.Update, cancellationToken);

    /// <summary>Sets the value of a key, adding it when absent.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value CID.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The new tree (this tree when the value is unchanged).</returns>
    /// <exception cref="ArgumentException">The key is not a valid MST key, or the value is the default CID.</exception>
    /// <exception cref="MissingBlockException">A node the edit needs is missing.</exception>
    /// <exception cref="MstFormatException">A node the edit reads is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A node the edit reads is not canonical DAG-CBOR.</exception>
    public ValueTask<Mst> PutAsync(string key, Cid value, CancellationToken cancellationToken = default) =>
        PutCoreAsync(key, value, PutMode.Put, cancellationToken);

    /// <summary>Removes a key that is in the tree.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The new tree; removing the last key gives the empty tree.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The key is not in the tree.</exception>
    /// <exception cref="MissingBlockException">A node the edit needs is missing.</exception>
    /// <exception cref="MstFormatException">A node the edit reads is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A node the edit reads is not canonical DAG-CBOR.</exception>
    public async ValueTask<Mst> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var root = await _root.LoadAsync(cancellationToken).ConfigureAwait(false);
        var result = await DeleteFromAsync(root, key, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return new Mst(Source, MstNode.CreateEmpty());
        }

        // The top of the tree must not be an empty node that only holds a subtree: trim such nodes away.
        while (result.Entries.Length == 0 && result.Left is { } only)
        {
            result = await only.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        return With(result);
    }

    private static MstEntry[] Insert(MstEntry[] entries, int index, MstEntry entry)
    {
        var result = new MstEntry[entries.Length + 1];
        entries.AsSpan(0, index).CopyTo(result);
        result[index] = entry;
        entries.AsSpan(index).CopyTo(result.AsSpan(index + 1));
        return result;
    }

    private static MstNode? Wrap(MstNode? node, int fromLayer, int toLayer)
    {
        for (var layer = fromLayer; node is not null && layer <= toLayer; layer++)
        {
            node = new MstNode(layer, node, []);
        }

        return node;
    }

    private static InvalidOperationException Absent(string key) => new($"The key '{key}' is not in the tree.");

    private static async ValueTask<MstNode> InsertIntoAsync(MstNode node, string key, int depth, Cid value, PutMode mode, CancellationToken ct)
    {
        var i = node.LowerBound(key);
        var entries = node.Entries;
        if (i < entries.Length && entries[i].Key == key)
        {
            if (mode == PutMode.Add)
            {
                throw new InvalidOperationException($"The key '{key}' is already in the tree.");
            }

            if (entries[i].Value == value)
            {
                return node;
            }

            var updated = (MstEntry[])entries.Clone();
            updated[i] = updated[i] with { Value = value };
            return new MstNode(node.Layer, node.Left, updated);
        }

        var child = node.LinkAt(i);
        if (node.Layer == depth)
        {
            if (mode == PutMode.Update)
            {
                throw Absent(key);
            }

            var (left, right) = child is null ? (null, null) : await SplitAsync(await child.LoadAsync(ct).ConfigureAwait(false), key, ct).ConfigureAwait(false);
            var inserted = Insert(entries, i, new MstEntry(key, value, right));
            if (i > 0)
            {
                inserted[i - 1] = inserted[i - 1] with { Right = left };
            }

            return new MstNode(node.Layer, i == 0 ? left : node.Left, inserted);
        }

        MstNode newChild;
        if (child is null)
        {
            if (mode == PutMode.Update)
            {
                throw Absent(key);
            }

            newChild = Wrap(new MstNode(depth, null, [new MstEntry(key, value, null)]), depth + 1, node.Layer - 1)!;
        }
        else
        {
            newChild = await InsertIntoAsync(await child.LoadAsync(ct).ConfigureAwait(false), key, depth, value, mode, ct).ConfigureAwait(false);
            if (ReferenceEquals(newChild, child))
            {
                return node;
            }
        }

        return node.WithLink(i, newChild)!;
    }

    private static async ValueTask<(MstNode? Left, MstNode? Right)> SplitAsync(MstNode node, string key, CancellationToken ct)
    {
        var entries = node.Entries;
        var i = node.LowerBound(key);
        if (i < entries.Length && entries[i].Key == key)
        {
            throw new InvalidOperationException($"The key '{key}' is in a subtree below its own layer; the tree is invalid.");
        }

        var straddling = node.LinkAt(i);
        var (lower, upper) = straddling is null
            ? (null, null)
            : await SplitAsync(await straddling.LoadAsync(ct).ConfigureAwait(false), key, ct).ConfigureAwait(false);
        if (lower is null && i == 0 && ReferenceEquals(upper, straddling))
        {
            return (null, node);
        }

        if (upper is null && i == entries.Length && ReferenceEquals(lower, straddling))
        {
            return (node, null);
        }

        MstNode? left = null;
        if (i > 0)
        {
            var leftEntries = entries[..i];
            leftEntries[i - 1] = leftEntries[i - 1] with { Right = lower };
            left = new MstNode(node.Layer, node.Left, leftEntries);
        }
        else if (lower is not null)
        {
            left = new MstNode(node.Layer, lower, []);
        }

        MstNode? right = i < entries.Length || upper is not null ? new MstNode(node.Layer, upper, entries[i..]) : null;
        return (left, right);
    }

    private static async ValueTask<MstNode?> DeleteFromAsync(MstNode node, string key, CancellationToken ct)
    {
        var i = node.LowerBound(key);
        var entries = node.Entries;
        if (i < entries.Length && entries[i].Key == key)
        {
            var merged = await MergeAsync(node.LinkAt(i), entries[i].Right, ct).ConfigureAwait(false);
            var remaining = new MstEntry[entries.Length - 1];
            entries.AsSpan(0, i).CopyTo(remaining);
            entries.AsSpan(i + 1).CopyTo(remaining.AsSpan(i));
            if (i > 0)
            {
                remaining[i - 1] = remaining[i - 1] with { Right = merged };
            }

            var left = i == 0 ? merged : node.Left;
            return remaining.Length == 0 && left is null ? null : new MstNode(node.Layer, left, remaining);
        }

        var child = node.LinkAt(i) ?? throw Absent(key);
        var newChild = await DeleteFromAsync(await child.LoadAsync(ct).ConfigureAwait(false), key, ct).ConfigureAwait(false);
        return node.WithLink(i, newChild);
    }

    private static async ValueTask<MstNode?> MergeAsync(MstNode? left, MstNode? right, CancellationToken ct)
    {
        if (left is null || right is null)
        {
            return left ?? right;
        }

        var a = await left.LoadAsync(ct).ConfigureAwait(false);
        var b = await right.LoadAsync(ct).ConfigureAwait(false);
        if (a.Layer != b.Layer)
        {
            throw new InvalidOperationException("Cannot merge MST nodes of different layers; the tree is invalid.");
        }

        var middle = await MergeAsync(a.LinkAt(a.Entries.Length), b.Left, ct).ConfigureAwait(false);
        var entries = new MstEntry[a.Entries.Length + b.Entries.Length];
        a.Entries.CopyTo(entries, 0);
        b.Entries.CopyTo(entries, a.Entries.Length);
        if (a.Entries.Length > 0)
        {
            entries[a.Entries.Length - 1] = entries[a.Entries.Length - 1] with { Right = middle };
        }

        return new MstNode(a.Layer, a.Entries.Length > 0 ? a.Left : middle, entries);
    }

    private async ValueTask<Mst> PutCoreAsync(string key, Cid value, PutMode mode, CancellationToken ct)
    {
        if (!MstKey.IsValid(key))
        {
            throw new ArgumentException($"'{key}' is not a valid MST key.", nameof(key));
        }

        if (value.IsDefault)
        {
            throw new ArgumentException("The value needs a CID.", nameof(value));
        }

        var depth = MstKey.Depth(key);
        var root = await _root.LoadAsync(ct).ConfigureAwait(false);
        if (root.IsEmpty || depth > root.Layer)
        {
            if (mode == PutMode.Update)
            {
                throw Absent(key);
            }

            var (left, right) = root.IsEmpty ? (null, null) : await SplitAsync(root, key, ct).ConfigureAwait(false);
            left = Wrap(left, root.Layer + 1, depth - 1);
            right = Wrap(right, root.Layer + 1, depth - 1);
            return new Mst(Source, new MstNode(depth, left, [new MstEntry(key, value, right)]));
        }

        return With(await InsertIntoAsync(root, key, depth, value, mode, ct).ConfigureAwait(false));
    }
}
