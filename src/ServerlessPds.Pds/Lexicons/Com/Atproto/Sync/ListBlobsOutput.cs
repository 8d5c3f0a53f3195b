namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;

/// <summary>The output of listBlobs: one page of an account's blob CIDs.</summary>
/// <param name="Cursor">The CID to continue after, or <see langword="null"/> (absent) on the last page.</param>
/// <param name="Cids">The blobs' CIDs (base32 text).</param>
/// <remarks>Lexicon: com.atproto.sync.listBlobs.</remarks>
public sealed record ListBlobsOutput(string? Cursor, IReadOnlyList<string> Cids);
