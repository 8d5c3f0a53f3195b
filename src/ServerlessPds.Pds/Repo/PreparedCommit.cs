using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>A signed commit built in memory and not yet stored: everything <see cref="IRepoStore.CommitAsync"/> needs.</summary>
/// <param name="Commit">The signed commit.</param>
/// <param name="Blocks">Every new block: the commit, the new MST nodes and the new records.</param>
/// <param name="IndexUpserts">Record index rows to write.</param>
/// <param name="IndexDeletes">Record index rows to delete.</param>
/// <param name="BlobUpserts">Blob reference rows to write: the (blob, path) pairs new at their path.</param>
/// <param name="BlobDeletes">Blob reference rows to delete: the (blob, path) pairs gone from their path.</param>
/// <param name="Claims">The blob refs the writer must claim before storing: those behind <paramref name="BlobUpserts"/>.</param>
/// <param name="Outbox">The commit's firehose events, or <see langword="null"/> when the commit is not announced.</param>
/// <param name="Results">What each write did.</param>
internal sealed record PreparedCommit(
    Commit Commit,
    IReadOnlyList<RepoBlock> Blocks,
    IReadOnlyList<KeyValuePair<RepoPath, Cid>> IndexUpserts,
    IReadOnlyList<RepoPath> IndexDeletes,
    IReadOnlyList<BlobReference> BlobUpserts,
    IReadOnlyList<BlobReference> BlobDeletes,
    IReadOnlyList<FoundBlobRef> Claims,
    OutboxEntry? Outbox,
    IReadOnlyList<RepoWriteResult> Results)
{
    public CommitBatch ToBatch(bool inlineBlocks, IReadOnlyList<Tid> sequencedOutboxDeletes, AccountStatus writeStatus, string? receipts) => new()
    {
        CommitCid = Commit.Cid,
        Rev = Commit.Rev,
        DataCid = Commit.Data,
        Blocks = inlineBlocks ? Blocks : [],
        IndexUpserts = IndexUpserts,
        IndexDeletes = IndexDeletes,
        BlobReferenceUpserts = BlobUpserts,
        BlobReferenceDeletes = BlobDeletes,
        Outbox = Outbox,
        SequencedOutboxDeletes = sequencedOutboxDeletes,
        WriteStatus = writeStatus,
        Receipts = receipts,
    };
}
