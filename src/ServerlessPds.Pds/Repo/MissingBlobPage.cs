namespace ServerlessPds.Pds.Repo;

/// <summary>A page of com.atproto.repo.listMissingBlobs: referenced blobs the blob store does not hold.</summary>
/// <param name="Blobs">The missing blobs in ordinal order of the CID string, each with one record that references it.</param>
/// <param name="Cursor">Where the next page starts (a CID string), when more may follow; <see langword="null"/> at the end.</param>
public sealed record MissingBlobPage(IReadOnlyList<Ports.BlobReference> Blobs, string? Cursor);
