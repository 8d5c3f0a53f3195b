namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The output of createRecord and putRecord.</summary>
/// <param name="Uri">The record's AT-URI.</param>
/// <param name="Cid">The record's CID.</param>
/// <param name="Commit">The commit that wrote it.</param>
/// <param name="ValidationStatus"><c>valid</c> or <c>unknown</c>; absent when validation was skipped.</param>
/// <remarks>Lexicons: com.atproto.repo.createRecord, com.atproto.repo.putRecord (the same shape).</remarks>
public sealed record CreateRecordOutput(string Uri, string Cid, CommitMeta Commit, string? ValidationStatus);
