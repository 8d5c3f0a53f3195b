using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <content>Whole-repo exports from a snapshot, and the writing of new snapshots.</content>
public sealed partial class RepoExporter
{
    /// <summary>
    /// The largest snapshot, in bytes (64 MiB): a bigger export is not saved, and a bigger snapshot is not read into
    /// memory (a snapshot of the head's commit is copied whatever its size). Building from a snapshot holds its bytes and
    /// a copy of each block, so up to about twice this much memory for the export.
    /// </summary>
    public const long MaxSnapshotBytes = 64L * 1024 * 1024;

    /// <summary>The most blocks an export built from an earlier snapshot reads one by one; beyond that the partition is scanned.</summary>
    public const int MaxSnapshotMisses = 256;

    private const int MaxParallelReads = 8;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Did, Task> _saving = new();

    /// <summary>Begins a new snapshot for a whole-repo export, or returns <see langword="null"/> when there is no store or it fails.</summary>
    internal RepoSnapshotWriter? BeginSnapshot(Did did)
    {
        try
        {
            return snapshots?.BeginWrite(did);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            onSnapshotFailure?.Invoke(did, e);
            return null;
        }
    }

    /// <summary>
    /// Completes, in the background, a snapshot whose CAR was written whole, and disposes its writer; a failure is
    /// reported, never thrown. The next whole-repo export of the repo, and <see cref="SnapshotsSavedAsync"/>, wait for it.
    /// </summary>
    internal void CompleteSnapshotInBackground(Did did, RepoSnapshotWriter writer, RepoHead head)
    {
        var completion = Task.Run(async () =>
        {
            await using (writer.ConfigureAwait(false))
            {
                try
                {
                    await writer.CompleteAsync(head.CommitCid, head.Rev, CancellationToken.None).ConfigureAwait(false);
                    recent?.TrimTo(did, head.Rev);
                }
                catch (Exception e)
                {
                    onSnapshotFailure?.Invoke(did, e);
                }
            }
        });
        _saving.AddOrUpdate(did, completion, (_, earlier) => Task.WhenAll(earlier, completion));
        _ = completion.ContinueWith(
            _ =>
            {
                if (_saving.TryGetValue(did, out var saving) && saving.IsCompleted)
                {
                    _saving.TryRemove(new KeyValuePair<Did, Task>(did, saving));
                }
            },
            TaskScheduler.Default);
    }

    /// <summary>Waits until the snapshots being completed in the background have been saved (or failed, reported).</summary>
    /// <param name="did">The repo, or <see langword="null"/> for every repo.</param>
    /// <returns>A task that completes then.</returns>
    public Task SnapshotsSavedAsync(Did? did = null) => did is null
        ? Task.WhenAll(_saving.Values)
        : _saving.TryGetValue(did, out var saving) ? saving : Task.CompletedTask;

    /// <summary>Reports a snapshot that could not be written.</summary>
    internal void ReportSnapshotFailure(Did did, Exception exception) => onSnapshotFailure?.Invoke(did, exception);

    /// <summary>
    /// The export from the repo's snapshot and recent blocks: a copy when the snapshot is of the head's commit, else
    /// built from the snapshot's blocks and the blocks this process committed since; or <see langword="null"/> when
    /// there is neither, or they lack too many blocks (the caller scans).
    /// </summary>
    private async Task<RepoExport?> PrepareFromSnapshotAsync(Did did, RepoHead head, CancellationToken cancellationToken)
    {
        if (snapshots is null && recent is null)
        {
            return null;
        }

        await SnapshotsSavedAsync(did).WaitAsync(cancellationToken).ConfigureAwait(false);
        RepoCarSnapshot? snapshot = null;
        try
        {
            snapshot = snapshots is null ? null : await snapshots.OpenAsync(did, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            onSnapshotFailure?.Invoke(did, e);
            return null;
        }

        if (snapshot is not null && snapshot.Root == head.CommitCid)
        {
            recent?.TrimTo(did, head.Rev);
            return new RepoExport(this, did, head, snapshot);
        }

        Dictionary<Cid, ReadOnlyMemory<byte>> source;
        if (snapshot is null)
        {
            source = recent?.Get(did) ?? [];
        }
        else
        {
            await using (snapshot.ConfigureAwait(false))
            {
                if (snapshot.Length > MaxSnapshotBytes)
                {
                    return null;
                }

                var blocks = await ReadSnapshotAsync(did, snapshot, cancellationToken).ConfigureAwait(false);
                if (blocks is null)
                {
                    return null;
                }

                source = blocks;
                foreach (var (cid, bytes) in recent?.Get(did) ?? [])
                {
                    source.TryAdd(cid, bytes);
                }
            }
        }

        return source.Count == 0
            ? null
            : await BuildFromBlocksAsync(did, head, source, snapshot is null ? RepoExportSource.RecentBlocks : RepoExportSource.SnapshotBlocks, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a snapshot's blocks, each checked against its CID; <see langword="null"/> (reported) when it is damaged or unreadable.</summary>
    private async Task<Dictionary<Cid, ReadOnlyMemory<byte>>?> ReadSnapshotAsync(Did did, RepoCarSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = new byte[snapshot.Length];
            await snapshot.Content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            var car = CarReader.ReadAll(bytes);
            if (car.Roots.Count != 1 || car.Roots[0] != snapshot.Root)
            {
                throw new InvalidDataException($"The snapshot of {did} is not a CAR of its root {snapshot.Root}.");
            }

            var blocks = new Dictionary<Cid, ReadOnlyMemory<byte>>(car.Blocks.Count);
            foreach (var block in car.Blocks)
            {
                blocks[block.Cid] = block.Bytes;
            }

            return blocks;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            onSnapshotFailure?.Invoke(did, e);
            return null;
        }
    }

    /// <summary>
    /// Builds the export of <paramref name="head"/> from a snapshot's blocks, reading the missing ones one by one, level
    /// by level of the tree; <see langword="null"/> when more than <see cref="MaxSnapshotMisses"/> are missing.
    /// </summary>
    private async Task<RepoExport?> BuildFromBlocksAsync(
        Did did, RepoHead head, Dictionary<Cid, ReadOnlyMemory<byte>> source, RepoExportSource kind, CancellationToken cancellationToken)
    {
        var budget = MaxSnapshotMisses;
        var (commit, misses) = await TakeAsync(did, [head.CommitCid], source, budget, cancellationToken).ConfigureAwait(false);
        if (commit is null)
        {
            return null;
        }

        budget -= misses;
        var nodes = new Dictionary<Cid, ReadOnlyMemory<byte>>();
        var records = new HashSet<Cid>();
        var level = new List<Cid> { head.DataCid };
        while (level.Count > 0)
        {
            (var taken, misses) = await TakeAsync(did, level, source, budget, cancellationToken).ConfigureAwait(false);
            if (taken is null)
            {
                return null;
            }

            budget -= misses;
            var next = new List<Cid>();
            foreach (var (cid, bytes) in taken)
            {
                nodes[cid] = bytes;
                var links = MstNodeLinks.Read(cid, bytes.Span);
                next.AddRange(links.Entries.Select(e => e.Right).Append(links.Left).OfType<Cid>());
                records.UnionWith(links.Entries.Select(e => e.Value));
            }

            level = next.Where(c => !nodes.ContainsKey(c)).Distinct().ToList();
        }

        (var recordBlocks, _) = await TakeAsync(did, records, source, budget, cancellationToken).ConfigureAwait(false);
        if (recordBlocks is null)
        {
            return null;
        }

        var (newNodes, _) = await WalkAsync(did, head, commit[head.CommitCid], nodes, [], [], cancellationToken).ConfigureAwait(false);
        var held = InCarOrder(recordBlocks.Select(b => new RepoBlock(b.Key, b.Value)));
        return new RepoExport(this, did, head, newNodes, records, held, kind);
    }

    /// <summary>The blocks <paramref name="cids"/> from <paramref name="source"/>, reading the others in parallel; <see langword="null"/> when more than <paramref name="budget"/> are missing.</summary>
    private async Task<(Dictionary<Cid, ReadOnlyMemory<byte>>? Blocks, int Misses)> TakeAsync(
        Did did, IReadOnlyCollection<Cid> cids, Dictionary<Cid, ReadOnlyMemory<byte>> source, int budget, CancellationToken cancellationToken)
    {
        var taken = new Dictionary<Cid, ReadOnlyMemory<byte>>(cids.Count);
        var absent = new HashSet<Cid>();
        foreach (var cid in cids)
        {
            if (source.TryGetValue(cid, out var bytes))
            {
                taken[cid] = bytes;
            }
            else
            {
                absent.Add(cid);
            }
        }

        if (absent.Count > budget)
        {
            return (null, absent.Count);
        }

        var missing = absent.ToList();
        var read = new ReadOnlyMemory<byte>[missing.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, missing.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken },
            async (i, ct) => read[i] = await repos.GetBlockAsync(did, missing[i], ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The repo {did} has no block {missing[i]}, which its head points at.")).ConfigureAwait(false);
        for (var i = 0; i < missing.Count; i++)
        {
            taken[missing[i]] = read[i];
        }

        return (taken, missing.Count);
    }
}
