namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The output of applyWrites.</summary>
/// <param name="Commit">The commit.</param>
/// <param name="Results">One result per write, in order.</param>
/// <remarks>Lexicon: com.atproto.repo.applyWrites.</remarks>
public sealed record ApplyWritesOutput(CommitMeta Commit, IReadOnlyList<ApplyWritesResult> Results);
