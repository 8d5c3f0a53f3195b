using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The reference rows a repo store keeps, one per (blob CID, record path) for the records at the head, written in the
/// same atomic step as the commit (<see cref="CommitBatch.BlobReferenceUpserts"/> and
/// <see cref="CommitBatch.BlobReferenceDeletes"/>): the collector's <see cref="IBlobReferences"/> and a listing of the
/// distinct referenced blobs for listMissingBlobs and checkAccountStatus.
/// </summary>
/// <remarks>docs/architecture.md, "Blob references".</remarks>
public interface IBlobReferenceIndex : IBlobReferences
{
    /// <summary>Lists the distinct blobs the repo's records reference, in ordinal order of the CID string.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cursor">Continue strictly after this CID string (compared ordinally; any text is accepted); <see langword="null"/> to start at the first.</param>
    /// <param name="limit">The most blobs to return, at least 1.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The page; empty when the repo references no blob or does not exist.</returns>
    /// <remarks>Lexicon: com.atproto.repo.listMissingBlobs (<c>cursor</c>, <c>limit</c>).</remarks>
    Task<BlobReferencePage> ListReferencedBlobsAsync(Did did, string? cursor, int limit, CancellationToken cancellationToken = default);
}
