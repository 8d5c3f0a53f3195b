using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>One page of records from <see cref="RepoReader.ListRecordsAsync"/>.</summary>
/// <remarks>Spec: lexicon com.atproto.repo.listRecords output (<c>records</c>, <c>cursor</c>).</remarks>
/// <param name="Records">The records, in the order asked for.</param>
/// <param name="Cursor">The rkey to continue after, or <see langword="null"/> when there are no more.</param>
public sealed record RepoRecordList(IReadOnlyList<RepoRecord> Records, RecordKey? Cursor);
