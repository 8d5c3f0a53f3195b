using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Durable storage of repos, one partition per DID: head, blocks, record index and outbox. The only way to change a
/// repo is <see cref="CommitAsync"/>, a conditional atomic write of everything one commit changes.
/// </summary>
/// <remarks>
/// docs/architecture.md, "Storage layout" (table <c>repos</c>) and "The commit path" steps 2, 4 and 5.
/// Implementations must make <see cref="CommitAsync"/> all-or-nothing and conditional on the head version, so that
/// concurrent writers to one DID, in one process or many, produce one linear history; and everything a commit writes
/// must be readable once the call returns.
/// </remarks>
public interface IRepoStore
{
    /// <summary>Reads the repo head.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The head, or <see langword="null"/> when the repo does not exist.</returns>
    Task<RepoHead?> GetHeadAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Reads one block of the repo.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cid">The block's CID.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The block's bytes, or <see langword="null"/> when the repo holds no such block.</returns>
    Task<ReadOnlyMemory<byte>?> GetBlockAsync(Did did, Cid cid, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads every block stored for the repo, in ascending CID-string order (ordinal), in as few storage requests as the store allows:
    /// the fast path for full exports (<c>com.atproto.sync.getRepo</c>). Blocks of earlier commits (old MST nodes,
    /// deleted or replaced records) are included, since blocks are not garbage-collected; callers that need the current
    /// repo keep only the blocks reachable from the head. Blocks stored while the scan runs may or may not appear.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the scan.</param>
    /// <returns>The blocks, each once; empty when the repo does not exist.</returns>
    IAsyncEnumerable<RepoBlock> ScanBlocksAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores blocks ahead of a commit too big for one atomic write. Blocks are content-addressed, so this is
    /// idempotent, and they are unreachable until a head points at them.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <param name="blocks">The blocks; any number.</param>
    /// <param name="cancellationToken">A token that cancels the write; some blocks may have been stored.</param>
    /// <returns>A task that completes when every block is durable.</returns>
    Task PutBlocksAsync(Did did, IReadOnlyList<RepoBlock> blocks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically replaces the head with <paramref name="batch"/>'s commit, if the head is still
    /// <paramref name="expected"/>, and in the same write stores its blocks, applies its index changes, inserts its
    /// outbox entry and deletes the sequenced outbox entries it names.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <param name="expected">The head the batch was built on (compared by <see cref="RepoHead.Version"/>), or
    /// <see langword="null"/> to create the repo.</param>
    /// <param name="batch">The changes.</param>
    /// <param name="cancellationToken">A token that cancels the write; the outcome is then unknown (all or nothing).</param>
    /// <returns>The new head, with a new version.</returns>
    /// <exception cref="RepoConcurrencyException">The head is not <paramref name="expected"/>; nothing was written.</exception>
    Task<RepoHead> CommitAsync(Did did, RepoHead? expected, CommitBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the account's hosting status on the repo head (<see cref="RepoHead.WriteStatus"/>) and gives the head a
    /// new <see cref="RepoHead.Version"/>, so a commit prepared on the head before the change fails as a concurrent
    /// write (<see cref="RepoConcurrencyException"/>) and its writer re-reads the status. Retries on contention.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <param name="status">The status to record.</param>
    /// <param name="cancellationToken">A token that cancels the call.</param>
    /// <returns>The head afterwards, or <see langword="null"/> when there is no repo.</returns>
    Task<RepoHead?> SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default);

    /// <summary>Reads the record index for one path.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="path">The record path.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The record's CID, or <see langword="null"/> when no record is at the path.</returns>
    Task<Cid?> GetRecordCidAsync(Did did, RepoPath path, CancellationToken cancellationToken = default);

    /// <summary>Lists the record index of one collection, ordered by rkey.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="cursor">Continue strictly after (or, in descending order, before) this rkey; <see langword="null"/> to start at the end of the order.</param>
    /// <param name="limit">The most rows to return, at least 1.</param>
    /// <param name="reverse"><see langword="false"/> for descending rkey order (newest TID first, the XRPC default);
    /// <see langword="true"/> for ascending.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The rows, and a cursor when more may follow.</returns>
    /// <remarks>Spec: lexicon com.atproto.repo.listRecords (<c>cursor</c>, <c>limit</c>, <c>reverse</c>).</remarks>
    Task<RecordPage> ListRecordsAsync(Did did, Nsid collection, RecordKey? cursor, int limit, bool reverse, CancellationToken cancellationToken = default);

    /// <summary>Lists the repo's outbox entries in rev order.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The entries, oldest rev first; empty when the outbox is empty or the repo does not exist.</returns>
    Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Deletes outbox entries that have been sequenced; absent ones are ignored.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="revs">The revs of the entries.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>A task that completes when the entries are gone.</returns>
    Task DeleteOutboxAsync(Did did, IReadOnlyList<Tid> revs, CancellationToken cancellationToken = default);
}
