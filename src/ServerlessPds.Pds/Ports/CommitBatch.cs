using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Everything one commit changes in its repo's partition, written atomically by <see cref="IRepoStore.CommitAsync"/>:
/// the new head, the new blocks, record index changes, blob reference changes, the commit's outbox entry, and the
/// deletion of outbox entries already sequenced.
/// </summary>
/// <remarks>docs/architecture.md, "The commit path", step 5.</remarks>
public sealed class CommitBatch
{
    /// <summary>Gets the new commit's CID: the head after the batch.</summary>
    public required Cid CommitCid { get; init; }

    /// <summary>Gets the new commit's <c>rev</c>; also the rev recorded on every index upsert.</summary>
    public required Tid Rev { get; init; }

    /// <summary>Gets the new MST root CID.</summary>
    public required Cid DataCid { get; init; }

    /// <summary>
    /// Gets the blocks to store (MST nodes, records, the commit). May be empty when they were stored beforehand with
    /// <see cref="IRepoStore.PutBlocksAsync"/>.
    /// </summary>
    public IReadOnlyList<RepoBlock> Blocks { get; init; } = [];

    /// <summary>Gets the record index rows to insert or replace: path and new record CID.</summary>
    public IReadOnlyList<KeyValuePair<RepoPath, Cid>> IndexUpserts { get; init; } = [];

    /// <summary>Gets the record paths whose index rows to delete.</summary>
    public IReadOnlyList<RepoPath> IndexDeletes { get; init; } = [];

    /// <summary>
    /// Gets the blob reference rows to insert or replace: one per (blob CID, record path) that a created or updated
    /// record references and its previous version at that path did not. Never the same row as a delete.
    /// </summary>
    /// <remarks>docs/architecture.md, "Blob references".</remarks>
    public IReadOnlyList<BlobReference> BlobReferenceUpserts { get; init; } = [];

    /// <summary>
    /// Gets the blob reference rows to delete: one per (blob CID, record path) that an updated or deleted record's
    /// previous version referenced and its new version (if any) does not. Absent rows are ignored.
    /// </summary>
    public IReadOnlyList<BlobReference> BlobReferenceDeletes { get; init; } = [];

    /// <summary>Gets the commit's outbox entry, keyed by <see cref="Rev"/>; <see langword="null"/> writes none.</summary>
    public OutboxEntry? Outbox { get; init; }

    /// <summary>Gets the new head's <see cref="RepoHead.Receipts"/> (stored as given); <see langword="null"/> stores none.</summary>
    public string? Receipts { get; init; }

    /// <summary>Gets the revs of outbox entries already sequenced, to delete; absent ones are ignored.</summary>
    public IReadOnlyList<Tid> SequencedOutboxDeletes { get; init; } = [];

    /// <summary>
    /// Gets the hosting status the new head records (<see cref="RepoHead.WriteStatus"/>): <see cref="AccountStatus.Active"/>
    /// for ordinary writes, <see cref="AccountStatus.Deactivated"/> for the repo of an account migrating in.
    /// </summary>
    public AccountStatus WriteStatus { get; init; } = AccountStatus.Active;
}
