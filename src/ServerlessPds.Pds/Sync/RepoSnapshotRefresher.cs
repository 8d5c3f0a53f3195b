using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// Keeps getRepo snapshots up to date off the commit path: once a repo's blocks in <see cref="RecentRepoBlocks"/> have
/// grown by <see cref="RefreshBytes"/> since the last attempt, a background export of the head is written into a new
/// snapshot (from the old snapshot plus the recent blocks, so without a partition scan when this process wrote the
/// commits), which also trims those blocks from memory. A relay's first download, on any instance, then starts from a
/// snapshot at most that far behind (docs/architecture.md, "Sync reads").
/// </summary>
/// <remarks>
/// One refresh runs at a time per process, and one per repo; a trigger while the repo's refresh runs is dropped (the
/// next commit triggers again). Each refresh costs one head read, one snapshot read and the snapshot write, none of it
/// on a commit's path. A failure is reported through <c>onFailure</c>, never thrown to the committer. Thread-safe.
/// </remarks>
/// <param name="repos">The repo store (for the head).</param>
/// <param name="exporter">The exporter whose whole-repo exports write snapshots.</param>
/// <param name="recent">The recent blocks whose growth triggers a refresh.</param>
/// <param name="refreshBytes">The growth in bytes that triggers a refresh; <see cref="RefreshBytes"/> by default.</param>
/// <param name="onFailure">Called with the DID and the exception when a refresh fails.</param>
public sealed class RepoSnapshotRefresher(
    IRepoStore repos,
    RepoExporter exporter,
    RecentRepoBlocks recent,
    long refreshBytes = RepoSnapshotRefresher.RefreshBytes,
    Action<Did, Exception>? onFailure = null)
{
    /// <summary>The growth of a repo's recent blocks that triggers a refresh (8 MiB).</summary>
    public const long RefreshBytes = 8L * 1024 * 1024;

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly ConcurrentDictionary<Did, Task> _running = new();
    private readonly ConcurrentDictionary<Did, long> _attemptedAt = new();

    /// <summary>Hears that a commit of <paramref name="did"/> was stored; starts a background refresh when its recent blocks grew enough.</summary>
    /// <param name="did">The repo.</param>
    public void OnCommitted(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        var bytes = recent.BytesOf(did);
        var last = _attemptedAt.GetValueOrDefault(did);
        if (bytes < last)
        {
            // Dropped since (over the memory bound, or forgotten): count the growth from nothing.
            _attemptedAt[did] = last = 0;
        }

        if (bytes - last < refreshBytes || _running.ContainsKey(did))
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_running.TryAdd(did, done.Task))
        {
            return;
        }

        _attemptedAt[did] = bytes;
        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(did, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                // What the snapshot did not take (too large, failed, or committed meanwhile) counts as already attempted.
                _attemptedAt[did] = recent.BytesOf(did);
                _running.TryRemove(did, out _);
                done.SetResult();
            }
        });
    }

    /// <summary>Writes a new snapshot of the repo's current head now (one head read, then a whole-repo export to no client).</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the refresh.</param>
    /// <returns>A task that completes when the snapshot was written or the refresh failed (reported, not thrown).</returns>
    public async Task RefreshAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await repos.GetHeadAsync(did, cancellationToken).ConfigureAwait(false) is { } head)
            {
                await using var export = await exporter.PrepareAsync(did, head, since: null, cancellationToken).ConfigureAwait(false);
                await export.WriteToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                await exporter.SnapshotsSavedAsync(did).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            onFailure?.Invoke(did, e);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Waits for the refreshes running now (e.g. before shutting down, or in a test).</summary>
    /// <returns>A task that completes when they have.</returns>
    public Task IdleAsync() => Task.WhenAll(_running.Values);
}
