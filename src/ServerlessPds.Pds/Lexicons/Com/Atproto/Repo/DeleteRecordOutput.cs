namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The output of deleteRecord.</summary>
/// <param name="Commit">The commit, absent when the record did not exist (nothing was written).</param>
/// <remarks>Lexicon: com.atproto.repo.deleteRecord.</remarks>
public sealed record DeleteRecordOutput(CommitMeta? Commit);
