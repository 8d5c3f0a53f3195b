namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;

/// <summary>The output of getLatestCommit.</summary>
/// <param name="Cid">The repo's commit CID (base32 text).</param>
/// <param name="Rev">The commit's rev (a TID).</param>
/// <remarks>Lexicon: com.atproto.sync.getLatestCommit.</remarks>
public sealed record GetLatestCommitOutput(string Cid, string Rev);
