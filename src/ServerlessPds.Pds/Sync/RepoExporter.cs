using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// Streams a repo as a CAR v1 file (<c>com.atproto.sync.getRepo</c>): the current commit, the MST nodes reachable from
/// it in depth-first pre-order, then the records the tree points at. Only blocks reachable from the current commit are
/// written: the store keeps old MST nodes and the blocks of deleted or replaced records, and those never leak.
/// </summary>
/// <remarks>
/// <para>How (docs/architecture.md, "Sync reads"): one <see cref="IRepoStore.ScanBlocksAsync"/> pass keeps the MST node
/// blocks (and, for <c>since</c>, the commit chain) in memory and drops records; the tree is walked in memory from the
/// head's root; the CAR is then written, the records coming from a second scan that keeps only the reachable CIDs (or
/// from point reads when there are few), unless the first scan could keep them all within
/// <see cref="MaxHeldRecordBytes"/>. Memory grows with the number of MST nodes and commits in the partition, and with
/// record bytes only up to that cap.</para>
/// <para><c>since</c>: the blocks of the current repo that the repo at rev <c>since</c> did not have, that is the
/// commit, the MST nodes not in the old tree and the records not in the old tree. The old commit is found by following
/// <c>prev</c> from the head to the newest commit whose rev is at most <c>since</c>; when there is none (the repo is
/// younger), the whole repo is written; when the head is not newer than <c>since</c>, no block is.</para>
/// <para>Block order: the commit, the MST nodes in pre-order, then the records in ascending CID-string order (ordinal),
/// the order a partition scan yields them, so that every way of building the same export writes the same bytes.</para>
/// <para>Snapshots (whole-repo exports only, when an <see cref="IRepoSnapshotStore"/> is given): a snapshot of the head's
/// commit is copied as it is; a snapshot of an earlier commit, up to <see cref="MaxSnapshotBytes"/>, is read into memory
/// (every block checked against its CID; a damaged one is ignored) and the export is built from its blocks, reading
/// only the blocks it lacks one by one (at most <see cref="MaxSnapshotMisses"/>, else the scan path runs); otherwise the
/// partition is scanned. Every whole-repo export not copied from a snapshot is written into a new snapshot as it is
/// sent, completed only when the whole CAR was written and is at most <see cref="MaxSnapshotBytes"/>. A snapshot that
/// cannot be read or saved never fails the export: <c>onSnapshotFailure</c> hears about it.</para>
/// <para>Recent blocks (when a <see cref="RecentRepoBlocks"/> is given): the blocks this process committed since the
/// snapshot join the snapshot's blocks as the source of a built export, and with no snapshot at all they are tried
/// alone, so the first export of a repo written through this process needs no partition scan.</para>
/// <para>Spec: atproto.com/specs/repository, "CAR File Serialization"; atproto.com/specs/sync; lexicon
/// com.atproto.sync.getRepo. Thread-safe.</para>
/// </remarks>
/// <param name="repos">The repo store.</param>
/// <param name="maxHeldRecordBytes">The most bytes of non-node blocks the first scan keeps; <see cref="MaxHeldRecordBytes"/> by default, 0 to always scan twice.</param>
/// <param name="snapshots">The snapshot store, or <see langword="null"/> to always scan.</param>
/// <param name="onSnapshotFailure">Called with the DID and the exception when a snapshot cannot be read or saved (the export goes on without it).</param>
/// <param name="recent">The blocks this process committed since each repo's snapshot, or <see langword="null"/> for none:
/// a whole-repo export is built from the snapshot's blocks and these before any partition scan.</param>
public sealed partial class RepoExporter(
    IRepoStore repos,
    long maxHeldRecordBytes = RepoExporter.MaxHeldRecordBytes,
    IRepoSnapshotStore? snapshots = null,
    Action<Did, Exception>? onSnapshotFailure = null,
    RecentRepoBlocks? recent = null)
{
    /// <summary>At most this many records are read one by one instead of by a second partition scan.</summary>
    public const int MaxPointReads = 32;

    /// <summary>
    /// The most bytes of non-node blocks the first scan keeps, so that a repo whose records fit is written from that one
    /// scan (16 MiB); a larger repo drops them and reads its records with a second scan.
    /// </summary>
    public const long MaxHeldRecordBytes = 16L * 1024 * 1024;

    /// <summary>Reads what the export needs (a snapshot, or one partition scan) and returns a plan that writes the CAR.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="head">The head to export (the CAR's root is its commit).</param>
    /// <param name="since">Only blocks new since this rev, or <see langword="null"/> for the whole repo.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The plan, to be disposed; nothing has been written yet, so a failure so far can still be answered as an error.</returns>
    /// <exception cref="InvalidOperationException">A block reachable from the head is missing (a corrupt repo).</exception>
    /// <exception cref="MstFormatException">A reachable MST node does not decode.</exception>
    public async Task<RepoExport> PrepareAsync(Did did, RepoHead head, Tid? since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(head);
        if (since is null && await PrepareFromSnapshotAsync(did, head, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        var nodes = new Dictionary<Cid, ReadOnlyMemory<byte>>();
        var commits = new Dictionary<Cid, ReadOnlyMemory<byte>>();
        Dictionary<Cid, ReadOnlyMemory<byte>>? held = [];
        var heldBytes = 0L;
        await foreach (var block in repos.ScanBlocksAsync(did, cancellationToken).ConfigureAwait(false))
        {
            if (MstNodeLinks.LooksLikeNode(block.Bytes.Span))
            {
                nodes[block.Cid] = block.Bytes;
                continue;
            }

            if ((since is not null || block.Cid == head.CommitCid) && MstNodeLinks.LooksLikeCommit(block.Bytes.Span))
            {
                commits[block.Cid] = block.Bytes;
            }

            if (held is not null)
            {
                held[block.Cid] = block.Bytes;
                heldBytes += block.Bytes.Length;
                held = heldBytes <= maxHeldRecordBytes ? held : null;
            }
        }

        var commitBytes = await GetAsync(did, commits, head.CommitCid, cancellationToken).ConfigureAwait(false);
        if (since is not null && head.Rev <= since)
        {
            return new RepoExport(this, did, head, [], [], null, RepoExportSource.ScanSince);
        }

        var (oldNodes, oldRecords) = since is null
            ? ([], [])
            : await ReadBaseAsync(did, head, since, nodes, commits, cancellationToken).ConfigureAwait(false);
        var (newNodes, records) = await WalkAsync(did, head, commitBytes, nodes, oldNodes, oldRecords, cancellationToken).ConfigureAwait(false);
        var heldRecords = held is null ? null : InCarOrder(held.Where(b => records.Contains(b.Key)).Select(b => new RepoBlock(b.Key, b.Value)));
        return new RepoExport(this, did, head, newNodes, records, heldRecords, since is null ? RepoExportSource.Scan : RepoExportSource.ScanSince);
    }

    /// <summary>
    /// Writes the records of a plan: those the first scan held, else from a second partition scan, or point reads when
    /// they are few.
    /// </summary>
    internal async Task WriteRecordsAsync(Did did, HashSet<Cid> records, IReadOnlyList<RepoBlock>? held, CarWriter car, CancellationToken cancellationToken)
    {
        var remaining = new HashSet<Cid>(records);
        foreach (var block in held ?? [])
        {
            if (remaining.Remove(block.Cid))
            {
                await car.WriteBlockAsync(block.Cid, block.Bytes, cancellationToken).ConfigureAwait(false);
            }
        }

        if (remaining.Count > MaxPointReads)
        {
            await foreach (var block in repos.ScanBlocksAsync(did, cancellationToken).ConfigureAwait(false))
            {
                if (remaining.Remove(block.Cid))
                {
                    await car.WriteBlockAsync(block.Cid, block.Bytes, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        foreach (var cid in remaining.OrderBy(c => c.ToString(), StringComparer.Ordinal))
        {
            var bytes = await repos.GetBlockAsync(did, cid, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The repo {did} has no block {cid}, which its MST points at.");
            await car.WriteBlockAsync(cid, bytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Walks the tree from the head in depth-first pre-order, skipping the subtrees and records of the old tree: the
    /// commit and the new MST nodes in CAR order, and the CIDs of the new records.
    /// </summary>
    private async Task<(List<RepoBlock> Nodes, HashSet<Cid> Records)> WalkAsync(
        Did did, RepoHead head, ReadOnlyMemory<byte> commitBytes, Dictionary<Cid, ReadOnlyMemory<byte>> nodes, HashSet<Cid> oldNodes, HashSet<Cid> oldRecords,
        CancellationToken cancellationToken)
    {
        var newNodes = new List<RepoBlock> { new(head.CommitCid, commitBytes) };
        var records = new HashSet<Cid>();
        var visited = new HashSet<Cid>();
        var stack = new Stack<Cid>();
        stack.Push(head.DataCid);
        while (stack.TryPop(out var cid))
        {
            if (oldNodes.Contains(cid) || !visited.Add(cid))
            {
                continue;
            }

            var bytes = await GetAsync(did, nodes, cid, cancellationToken).ConfigureAwait(false);
            newNodes.Add(new RepoBlock(cid, bytes));
            var links = MstNodeLinks.Read(cid, bytes.Span);
            for (var i = links.Entries.Count - 1; i >= 0; i--)
            {
                if (links.Entries[i].Right is { } right)
                {
                    stack.Push(right);
                }

                if (!oldRecords.Contains(links.Entries[i].Value))
                {
                    records.Add(links.Entries[i].Value);
                }
            }

            if (links.Left is { } left)
            {
                stack.Push(left);
            }
        }


        return (newNodes, records);
    }

    /// <summary>The node and record CIDs of the repo at the newest commit whose rev is at most <paramref name="since"/>; empty when there is none.</summary>
    private async Task<(HashSet<Cid> Nodes, HashSet<Cid> Records)> ReadBaseAsync(
        Did did, RepoHead head, Tid since, Dictionary<Cid, ReadOnlyMemory<byte>> nodes, Dictionary<Cid, ReadOnlyMemory<byte>> commits, CancellationToken cancellationToken)
    {
        Cid? cursor = head.CommitCid;
        Commit? found = null;
        while (cursor is { } cid && found is null)
        {
            var commit = Commit.Decode((await GetAsync(did, commits, cid, cancellationToken).ConfigureAwait(false)).Span);
            if (commit.Rev <= since)
            {
                found = commit;
            }

            cursor = commit.Prev;
        }

        var oldNodes = new HashSet<Cid>();
        var oldRecords = new HashSet<Cid>();
        var stack = new Stack<Cid>();
        if (found is not null)
        {
            stack.Push(found.Data);
        }

        while (stack.TryPop(out var cid))
        {
            if (!oldNodes.Add(cid))
            {
                continue;
            }

            var links = MstNodeLinks.Read(cid, (await GetAsync(did, nodes, cid, cancellationToken).ConfigureAwait(false)).Span);
            foreach (var link in links.Entries.Select(e => e.Right).Append(links.Left))
            {
                if (link is { } child)
                {
                    stack.Push(child);
                }
            }

            oldRecords.UnionWith(links.Entries.Select(e => e.Value));
        }

        return (oldNodes, oldRecords);
    }

    /// <summary>Puts record blocks in CAR order: ascending CID string, ordinal (the order of a partition scan).</summary>
    private static List<RepoBlock> InCarOrder(IEnumerable<RepoBlock> blocks) =>
        blocks.OrderBy(b => b.Cid.ToString(), StringComparer.Ordinal).ToList();

    private async Task<ReadOnlyMemory<byte>> GetAsync(Did did, Dictionary<Cid, ReadOnlyMemory<byte>> scanned, Cid cid, CancellationToken cancellationToken)
    {
        if (scanned.TryGetValue(cid, out var bytes))
        {
            return bytes;
        }

        var read = await repos.GetBlockAsync(did, cid, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The repo {did} has no block {cid}, which its history points at.");
        scanned[cid] = read;
        return read;
    }
}
