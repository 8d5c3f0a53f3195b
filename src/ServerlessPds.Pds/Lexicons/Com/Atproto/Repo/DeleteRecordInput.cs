namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The input of deleteRecord.</summary>
/// <param name="Repo">The repo's at-identifier (DID or handle); must be the caller's.</param>
/// <param name="Collection">The record's collection NSID.</param>
/// <param name="Rkey">The record key.</param>
/// <param name="SwapRecord">The CID the record must be at, or <see langword="null"/>.</param>
/// <param name="SwapCommit">The CID the repo's commit must be at, or <see langword="null"/>.</param>
/// <remarks>Lexicon: com.atproto.repo.deleteRecord.</remarks>
public sealed record DeleteRecordInput(string Repo, string Collection, string Rkey, string? SwapRecord = null, string? SwapCommit = null);
