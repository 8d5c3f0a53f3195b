using System.Buffers;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// The difference between two versions of an MST: the keys created, updated and deleted, the node blocks the newer
/// version adds and the node CIDs it drops. Subtrees with equal CIDs on both sides are skipped without being loaded;
/// only the two roots are always loaded (their layers steer the walk), so when one root is a subtree of the other
/// (the top layer was added or trimmed) that one node is read although it is shared.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository, "Repo Diffs" and atproto.com/specs/sync (<c>#commit</c> ops and blocks). The two
/// trees are walked side by side in key order; because the structure depends only on the keys, equal subtrees line up
/// at the same layer and bounds and can be compared by CID.
/// </remarks>
public sealed class MstDiff
{
    private MstDiff(List<MstChange> changes, List<(Cid, byte[])> newBlocks, List<Cid> removed)
    {
        changes.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        Changes = changes;
        Creates = changes.FindAll(c => c.Kind == MstChangeKind.Create);
        Updates = changes.FindAll(c => c.Kind == MstChangeKind.Update);
        Deletes = changes.FindAll(c => c.Kind == MstChangeKind.Delete);
        NewBlocks = newBlocks;
        RemovedCids = removed;
    }

    /// <summary>Gets every change, in key order.</summary>
    public IReadOnlyList<MstChange> Changes { get; }

    /// <summary>Gets the keys only the newer tree has, with their values, in key order.</summary>
    public IReadOnlyList<MstChange> Creates { get; }

    /// <summary>Gets the keys whose value changed, with the previous and new values, in key order.</summary>
    public IReadOnlyList<MstChange> Updates { get; }

    /// <summary>Gets the keys only the older tree has, with their previous values, in key order.</summary>
    public IReadOnlyList<MstChange> Deletes { get; }

    /// <summary>Gets the blocks of the nodes in the newer tree that are not in the older one (arrays shared with the tree; do not modify).</summary>
    public IReadOnlyList<(Cid Cid, byte[] Bytes)> NewBlocks { get; }

    /// <summary>Gets the CIDs of the nodes in the older tree that are not in the newer one.</summary>
    public IReadOnlyList<Cid> RemovedCids { get; }

    /// <summary>Computes the difference from <paramref name="before"/> to <paramref name="after"/>.</summary>
    /// <param name="before">The older tree, or <see langword="null"/> to treat every key of <paramref name="after"/> as created.</param>
    /// <param name="after">The newer tree.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The difference.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="after"/> is null.</exception>
    /// <exception cref="MissingBlockException">A node that differs between the trees is missing.</exception>
    /// <exception cref="MstFormatException">A node read is not a valid node.</exception>
    /// <exception cref="DagCborFormatException">A node read is not canonical DAG-CBOR.</exception>
    public static async ValueTask<MstDiff> ComputeAsync(Mst? before, Mst after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<MstChange>();
        var added = new Dictionary<Cid, byte[]>();
        var removed = new HashSet<Cid>();
        var afterRoot = await after.GetRootCidAsync(cancellationToken).ConfigureAwait(false);
        if (before is not null && await before.GetRootCidAsync(cancellationToken).ConfigureAwait(false) == afterRoot)
        {
            return new MstDiff(changes, [], []);
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        // Load both roots first so that their layers are known to the walk.
        var a = new MstWalker(before is null ? null : await before.RootNode.LoadAsync(cancellationToken).ConfigureAwait(false));
        var b = new MstWalker(await after.RootNode.LoadAsync(cancellationToken).ConfigureAwait(false));
        while (!a.Done || !b.Done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (advanceA, advanceB) = a.Done ? (false, true) : b.Done ? (true, false) : Choose(a, b);
            if (advanceA && advanceB && a.Current.IsLeaf && b.Current.IsLeaf)
            {
                CompareLeaves(a, b, changes);
                continue;
            }

            if (advanceA && advanceB && !a.Current.IsLeaf && !b.Current.IsLeaf && a.Current.Tree!.KnownCid == b.Current.Tree!.KnownCid)
            {
                a.StepOver();
                b.StepOver();
                continue;
            }

            if (advanceA)
            {
                if (a.Current.IsLeaf)
                {
                    changes.Add(MstChange.Delete(a.Current.Key!, a.Current.Value));
                    a.StepOver();
                }
                else
                {
                    removed.Add((await a.StepIntoAsync(cancellationToken).ConfigureAwait(false)).KnownCid);
                }
            }

            if (advanceB)
            {
                if (b.Current.IsLeaf)
                {
                    changes.Add(MstChange.Create(b.Current.Key!, b.Current.Value));
                    b.StepOver();
                }
                else
                {
                    var (cid, bytes) = (await b.StepIntoAsync(cancellationToken).ConfigureAwait(false)).GetBlock(buffer);
                    added[cid] = bytes;
                }
            }
        }

        var newBlocks = added.Where(p => !removed.Contains(p.Key)).Select(p => (p.Key, p.Value)).ToList();
        var removedCids = removed.Where(c => !added.ContainsKey(c)).ToList();
        return new MstDiff(changes, newBlocks, removedCids);
    }

    /// <summary>
    /// Chooses which walker moves on. Both move on together for two leaves (compared) or two equal subtrees (skipped).
    /// Otherwise a side moves on (a leaf settled alone, a subtree opened) only when that cannot skip past a match: a
    /// leaf before everything the other side's subtree can hold goes first, and a subtree equal to one still ahead on
    /// the other side waits for it, so shared subtrees line up and are never read.
    /// </summary>
    private static (bool A, bool B) Choose(MstWalker a, MstWalker b)
    {
        var x = a.Current;
        var y = b.Current;
        if (x.IsLeaf && y.IsLeaf)
        {
            return (true, true);
        }

        if (x.IsLeaf)
        {
            return LeafPrecedes(x, y) || a.HasAhead(y.Tree!.KnownCid) ? (true, false) : (false, true);
        }

        if (y.IsLeaf)
        {
            return LeafPrecedes(y, x) || b.HasAhead(x.Tree!.KnownCid) ? (false, true) : (true, false);
        }

        if (x.Tree!.KnownCid == y.Tree!.KnownCid)
        {
            return (true, true);
        }

        var xAhead = b.HasAhead(x.Tree.KnownCid);
        var yAhead = a.HasAhead(y.Tree.KnownCid);
        if (xAhead != yAhead)
        {
            return (yAhead, xAhead);
        }

        return ChooseExpansion(x, y);
    }

    private static void CompareLeaves(MstWalker a, MstWalker b, List<MstChange> changes)
    {
        var order = string.CompareOrdinal(a.Current.Key, b.Current.Key);
        if (order == 0)
        {
            if (a.Current.Value != b.Current.Value)
            {
                changes.Add(MstChange.Update(a.Current.Key!, a.Current.Value, b.Current.Value));
            }

            a.StepOver();
            b.StepOver();
        }
        else if (order < 0)
        {
            changes.Add(MstChange.Delete(a.Current.Key!, a.Current.Value));
            a.StepOver();
        }
        else
        {
            changes.Add(MstChange.Create(b.Current.Key!, b.Current.Value));
            b.StepOver();
        }
    }

    /// <summary>
    /// Tells whether a leaf on one side can be settled before a subtree on the other: it sorts before every key the
    /// subtree can hold, or it lies in the subtree's range but above its layer, so the other side cannot hold it at all.
    /// </summary>
    private static bool LeafPrecedes(MstWalker.Item leaf, MstWalker.Item tree) =>
        (tree.Lower is not null && string.CompareOrdinal(leaf.Key, tree.Lower) <= 0)
        || (leaf.Layer > tree.Layer && (tree.Upper is null || string.CompareOrdinal(leaf.Key, tree.Upper) < 0));

    private static (bool A, bool B) ChooseExpansion(MstWalker.Item a, MstWalker.Item b)
    {
        if (a.Upper is not null && b.Lower is not null && string.CompareOrdinal(a.Upper, b.Lower) <= 0)
        {
            return (true, false);
        }

        if (b.Upper is not null && a.Lower is not null && string.CompareOrdinal(b.Upper, a.Lower) <= 0)
        {
            return (false, true);
        }

        return (a.Layer >= b.Layer, b.Layer >= a.Layer);
    }
}
