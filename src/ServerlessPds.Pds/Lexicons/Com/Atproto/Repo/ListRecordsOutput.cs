namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The output of listRecords: one page of a collection's records.</summary>
/// <param name="Records">The records, in rkey order (reversed when asked).</param>
/// <param name="Cursor">The rkey to continue after, or <see langword="null"/> (absent) on the last page.</param>
/// <remarks>Lexicon: com.atproto.repo.listRecords.</remarks>
public sealed record ListRecordsOutput(IReadOnlyList<RecordOutput> Records, string? Cursor);
