namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The commit a write made.</summary>
/// <param name="Cid">The commit's CID (base32 text).</param>
/// <param name="Rev">The commit's rev (a TID).</param>
/// <remarks>Lexicon: com.atproto.repo.defs#commitMeta.</remarks>
public sealed record CommitMeta(string Cid, string Rev);
