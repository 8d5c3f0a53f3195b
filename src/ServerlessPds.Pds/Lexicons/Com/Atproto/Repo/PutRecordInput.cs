using System.Text.Json;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The input of putRecord.</summary>
/// <param name="Repo">The repo's at-identifier (DID or handle); must be the caller's.</param>
/// <param name="Collection">The record's collection NSID.</param>
/// <param name="Rkey">The record key.</param>
/// <param name="Record">The record value (a JSON object).</param>
/// <param name="Validate">As in <see cref="CreateRecordInput.Validate"/>.</param>
/// <param name="SwapRecord">The CID the record must be at; an explicit JSON <c>null</c> means "must not exist".</param>
/// <param name="SwapCommit">The CID the repo's commit must be at, or <see langword="null"/>.</param>
/// <remarks>Lexicon: com.atproto.repo.putRecord.</remarks>
public sealed record PutRecordInput(string Repo, string Collection, string Rkey, JsonElement Record, bool? Validate = null, string? SwapRecord = null, string? SwapCommit = null);
