namespace ServerlessPds.Cli;

/// <summary>What a walk of a repository's MST found: nodes, records and records per collection.</summary>
/// <param name="NodeCount">The MST nodes reached.</param>
/// <param name="RecordCount">The keys (records) in the MST.</param>
/// <param name="Collections">The record count of each collection, sorted by collection NSID.</param>
/// <param name="MissingRecords">The records whose blocks are not in the CAR.</param>
/// <param name="ReachableBlocks">The distinct blocks the commit reaches: itself, the MST nodes and the records present.</param>
/// <param name="Problem">Why the walk stopped early (a missing or malformed node), or <see langword="null"/> when it finished.</param>
internal sealed record RepoTreeSummary(
    int NodeCount, int RecordCount, SortedDictionary<string, int> Collections, int MissingRecords, int ReachableBlocks, string? Problem);
