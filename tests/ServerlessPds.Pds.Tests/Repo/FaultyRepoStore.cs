using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>An <see cref="IRepoStore"/> whose every call passes through a <see cref="FaultInjector"/>.</summary>
internal sealed class FaultyRepoStore(IRepoStore inner, FaultInjector faults) : IRepoStore
{
    public Task<RepoHead?> GetHeadAsync(Did did, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(GetHeadAsync), () => inner.GetHeadAsync(did, cancellationToken));

    public Task<RepoHead?> SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default) =>
        inner.SetWriteStatusAsync(did, status, cancellationToken);

    public IAsyncEnumerable<RepoBlock> ScanBlocksAsync(Did did, CancellationToken cancellationToken = default) => inner.ScanBlocksAsync(did, cancellationToken);

    public Task<ReadOnlyMemory<byte>?> GetBlockAsync(Did did, Cid cid, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(GetBlockAsync), () => inner.GetBlockAsync(did, cid, cancellationToken));

    public Task PutBlocksAsync(Did did, IReadOnlyList<RepoBlock> blocks, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(PutBlocksAsync), () => inner.PutBlocksAsync(did, blocks, cancellationToken));

    public Task<RepoHead> CommitAsync(Did did, RepoHead? expected, CommitBatch batch, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(CommitAsync), () => inner.CommitAsync(did, expected, batch, cancellationToken));

    public Task<Cid?> GetRecordCidAsync(Did did, RepoPath path, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(GetRecordCidAsync), () => inner.GetRecordCidAsync(did, path, cancellationToken));

    public Task<RecordPage> ListRecordsAsync(Did did, Nsid collection, RecordKey? cursor, int limit, bool reverse, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(ListRecordsAsync), () => inner.ListRecordsAsync(did, collection, cursor, limit, reverse, cancellationToken));

    public Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(Did did, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(ListOutboxAsync), () => inner.ListOutboxAsync(did, cancellationToken));

    public Task DeleteOutboxAsync(Did did, IReadOnlyList<Tid> revs, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(DeleteOutboxAsync), () => inner.DeleteOutboxAsync(did, revs, cancellationToken));
}
