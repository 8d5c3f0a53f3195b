using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.StressWorker;

/// <summary>An <see cref="IRepoStore"/> that kills the process at the block and head steps of the commit path.</summary>
internal sealed class CrashingRepoStore(IRepoStore inner, CrashTrigger crash) : IRepoStore
{
    public Task<RepoHead?> GetHeadAsync(Did did, CancellationToken cancellationToken = default) => inner.GetHeadAsync(did, cancellationToken);

    public Task<RepoHead?> SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default) =>
        inner.SetWriteStatusAsync(did, status, cancellationToken);

    public IAsyncEnumerable<RepoBlock> ScanBlocksAsync(Did did, CancellationToken cancellationToken = default) => inner.ScanBlocksAsync(did, cancellationToken);

    public Task<ReadOnlyMemory<byte>?> GetBlockAsync(Did did, Cid cid, CancellationToken cancellationToken = default) => inner.GetBlockAsync(did, cid, cancellationToken);

    public async Task PutBlocksAsync(Did did, IReadOnlyList<RepoBlock> blocks, CancellationToken cancellationToken = default)
    {
        crash.Reached(CrashStep.BeforeBlocks);
        await inner.PutBlocksAsync(did, blocks, cancellationToken);
        crash.Reached(CrashStep.AfterBlocks);
    }

    public async Task<RepoHead> CommitAsync(Did did, RepoHead? expected, CommitBatch batch, CancellationToken cancellationToken = default)
    {
        if (batch.Blocks.Count > 0)
        {
            crash.Reached(CrashStep.BeforeBlocks);
        }

        var head = await inner.CommitAsync(did, expected, batch, cancellationToken);
        crash.Reached(CrashStep.AfterHead);
        return head;
    }

    public Task<Cid?> GetRecordCidAsync(Did did, RepoPath path, CancellationToken cancellationToken = default) => inner.GetRecordCidAsync(did, path, cancellationToken);

    public Task<RecordPage> ListRecordsAsync(Did did, Nsid collection, RecordKey? cursor, int limit, bool reverse, CancellationToken cancellationToken = default) =>
        inner.ListRecordsAsync(did, collection, cursor, limit, reverse, cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(Did did, CancellationToken cancellationToken = default) => inner.ListOutboxAsync(did, cancellationToken);

    public Task DeleteOutboxAsync(Did did, IReadOnlyList<Tid> revs, CancellationToken cancellationToken = default) => inner.DeleteOutboxAsync(did, revs, cancellationToken);
}
