namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The output of listMissingBlobs: one page of referenced blobs the blob store does not hold.</summary>
/// <param name="Cursor">The cursor of the next page, or <see langword="null"/> (absent) at the end.</param>
/// <param name="Blobs">The missing blobs.</param>
/// <remarks>Lexicon: com.atproto.repo.listMissingBlobs.</remarks>
public sealed record ListMissingBlobsOutput(string? Cursor, IReadOnlyList<RecordBlob> Blobs);
