using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// An <see cref="IRepoStore"/> that forwards every call and, once storage has accepted a commit, hands the commit's
/// blocks to <see cref="RecentRepoBlocks"/> (in memory; no storage request is added). Blocks stored ahead of a big
/// commit through <see cref="PutBlocksAsync"/> are handed over with the commit that follows them.
/// </summary>
/// <param name="inner">The store every call goes to.</param>
/// <param name="recent">Where the committed blocks go.</param>
/// <param name="onCommitted">Called with the DID after each stored commit's blocks were handed over (e.g.
/// <see cref="RepoSnapshotRefresher.OnCommitted"/>); must not block.</param>
public sealed class RecentBlocksRepoStore(IRepoStore inner, RecentRepoBlocks recent, Action<Did>? onCommitted = null) : IRepoStore
{
    private readonly ConcurrentDictionary<Did, ConcurrentBag<RepoBlock>> _putAhead = new();

    /// <inheritdoc/>
    public Task<RepoHead?> GetHeadAsync(Did did, CancellationToken cancellationToken = default) => inner.GetHeadAsync(did, cancellationToken);

    /// <inheritdoc/>
    public Task<ReadOnlyMemory<byte>?> GetBlockAsync(Did did, Cid cid, CancellationToken cancellationToken = default) =>
        inner.GetBlockAsync(did, cid, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<RepoBlock> ScanBlocksAsync(Did did, CancellationToken cancellationToken = default) =>
        inner.ScanBlocksAsync(did, cancellationToken);

    /// <inheritdoc/>
    public async Task PutBlocksAsync(Did did, IReadOnlyList<RepoBlock> blocks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        await inner.PutBlocksAsync(did, blocks, cancellationToken).ConfigureAwait(false);
        var ahead = _putAhead.GetOrAdd(did, _ => []);
        foreach (var block in blocks)
        {
            ahead.Add(block);
        }
    }

    /// <inheritdoc/>
    public async Task<RepoHead> CommitAsync(Did did, RepoHead? expected, CommitBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var head = await inner.CommitAsync(did, expected, batch, cancellationToken).ConfigureAwait(false);
        recent.Add(did, batch.Rev, _putAhead.TryRemove(did, out var ahead) ? batch.Blocks.Concat(ahead) : batch.Blocks);
        onCommitted?.Invoke(did);
        return head;
    }

    /// <inheritdoc/>
    public Task<RepoHead?> SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default) =>
        inner.SetWriteStatusAsync(did, status, cancellationToken);

    /// <inheritdoc/>
    public Task<Cid?> GetRecordCidAsync(Did did, RepoPath path, CancellationToken cancellationToken = default) =>
        inner.GetRecordCidAsync(did, path, cancellationToken);

    /// <inheritdoc/>
    public Task<RecordPage> ListRecordsAsync(Did did, Nsid collection, RecordKey? cursor, int limit, bool reverse, CancellationToken cancellationToken = default) =>
        inner.ListRecordsAsync(did, collection, cursor, limit, reverse, cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(Did did, CancellationToken cancellationToken = default) =>
        inner.ListOutboxAsync(did, cancellationToken);

    /// <inheritdoc/>
    public Task DeleteOutboxAsync(Did did, IReadOnlyList<Tid> revs, CancellationToken cancellationToken = default) =>
        inner.DeleteOutboxAsync(did, revs, cancellationToken);
}
