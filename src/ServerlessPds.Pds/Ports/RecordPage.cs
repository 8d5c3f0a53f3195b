using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>One page of <see cref="IRepoStore.ListRecordsAsync"/>.</summary>
/// <param name="Records">The index rows, in the order asked for.</param>
/// <param name="Cursor">The rkey to pass as the next call's cursor, or <see langword="null"/> when the listing is complete.</param>
public sealed record RecordPage(IReadOnlyList<RecordIndexEntry> Records, RecordKey? Cursor);
