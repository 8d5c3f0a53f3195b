namespace ServerlessPds.Pds.Sync;

/// <summary>The size of a repo at one commit, as com.atproto.server.checkAccountStatus reports it.</summary>
/// <remarks>Lexicon: com.atproto.server.checkAccountStatus (<c>repoBlocks</c>, <c>indexedRecords</c>).</remarks>
/// <param name="Blocks">The distinct blocks the commit reaches: the commit, its MST nodes and its records.</param>
/// <param name="Records">The records in the MST (paths, so two paths holding the same record count twice).</param>
public sealed record RepoSize(long Blocks, long Records);
