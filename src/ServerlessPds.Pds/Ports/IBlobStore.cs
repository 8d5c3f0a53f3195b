using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Where uploaded blobs live: their bytes and one metadata entry per (DID, CID) with size, content type, upload time
/// and last-claimed time. An upload is staged first (bytes under a fresh upload id, not claimable), then committed
/// under its CID once the bytes are hashed; uploading the same bytes again keeps one stored copy.
/// </summary>
/// <remarks>
/// docs/architecture.md, "Blobs". Every change to an entry is conditional on its version (a Table ETag), so many
/// instances may upload, claim (<see cref="IBlobCatalog.ClaimAsync"/>) and collect garbage at once: a collector deletes
/// an entry only at the version it judged collectable, metadata before bytes.
/// </remarks>
public interface IBlobStore : IBlobCatalog
{
    /// <summary>Writes the bytes of a new upload under a fresh upload id, reading <paramref name="content"/> to its end.</summary>
    /// <param name="did">The uploading account.</param>
    /// <param name="content">The bytes; read once, in order, never buffered whole.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>The staged upload, to pass to <see cref="CommitAsync"/> or <see cref="DiscardAsync"/>.</returns>
    /// <remarks>When reading <paramref name="content"/> fails (e.g. the client went away), the store removes what it wrote
    /// and rethrows; what is left after a crash is unclaimable and the garbage collector removes it.</remarks>
    Task<StagedBlob> StageAsync(Did did, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a staged upload claimable as (<see cref="StagedBlob.Did"/>, <paramref name="cid"/>). When the account already
    /// has that blob, refreshes its last-claimed time (so the collector leaves it for another grace period), discards the
    /// staged copy and returns the existing entry.
    /// </summary>
    /// <param name="staged">The staged upload.</param>
    /// <param name="cid">The CID of the staged bytes (raw codec, SHA-256).</param>
    /// <param name="size">The number of staged bytes.</param>
    /// <param name="mimeType">The content type to store.</param>
    /// <param name="cancellationToken">A token that cancels the commit.</param>
    /// <returns>The stored blob.</returns>
    /// <exception cref="InvalidOperationException">The staged upload was collected before it was committed.</exception>
    Task<StoredBlob> CommitAsync(StagedBlob staged, Cid cid, long size, string mimeType, CancellationToken cancellationToken = default);

    /// <summary>Removes a staged upload that will not be committed (best effort; leftovers are collected).</summary>
    /// <param name="staged">The staged upload.</param>
    /// <param name="cancellationToken">A token that cancels the removal.</param>
    /// <returns>A task that completes when removed.</returns>
    Task DiscardAsync(StagedBlob staged, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading without claiming it.</summary>
    /// <param name="did">The account.</param>
    /// <param name="cid">The blob's CID.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The blob's metadata and a reader of its bytes, or <see langword="null"/> when this account has no such blob.</returns>
    Task<BlobHandle?> OpenAsync(Did did, Cid cid, CancellationToken cancellationToken = default);

    /// <summary>Lists an account's blobs in ascending CID string order (the order of <c>com.atproto.sync.listBlobs</c>).</summary>
    /// <param name="did">The account.</param>
    /// <param name="after">Only CIDs whose string form sorts after this one, or <see langword="null"/> from the start.</param>
    /// <param name="claimedSince">Only blobs last claimed (or uploaded) at or after this time, or <see langword="null"/> for all.</param>
    /// <param name="limit">The most CIDs to return, 1 or more; fewer means the listing is complete.</param>
    /// <param name="cancellationToken">A token that cancels the listing.</param>
    /// <returns>The CIDs.</returns>
    Task<IReadOnlyList<Cid>> ListAsync(Did did, Cid? after, DateTimeOffset? claimedSince, int limit, CancellationToken cancellationToken = default);

    /// <summary>Lists, across all accounts, the entries last claimed before <paramref name="claimedBefore"/>: committed blobs
    /// and leftovers of uploads that were never committed.</summary>
    /// <param name="claimedBefore">The cut-off (now minus the grace period).</param>
    /// <param name="cancellationToken">A token that cancels the listing.</param>
    /// <returns>The candidates, each with the version it was read at.</returns>
    IAsyncEnumerable<BlobSweepItem> ListCollectableAsync(DateTimeOffset claimedBefore, CancellationToken cancellationToken = default);

    /// <summary>Deletes a candidate if its entry still has the version it was listed with: the metadata first, then the bytes.</summary>
    /// <param name="item">The candidate from <see cref="ListCollectableAsync"/>.</param>
    /// <param name="cancellationToken">A token that cancels the deletion.</param>
    /// <returns><see langword="true"/> if deleted; <see langword="false"/> if the entry changed (e.g. it was claimed) or is gone.</returns>
    Task<bool> DeleteAsync(BlobSweepItem item, CancellationToken cancellationToken = default);
}
