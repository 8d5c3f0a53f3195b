using System.Text.Json;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>The input of createRecord; the record stays atproto JSON until it is prepared.</summary>
/// <param name="Repo">The repo's at-identifier (DID or handle); must be the caller's.</param>
/// <param name="Collection">The record's collection NSID.</param>
/// <param name="Record">The record value (a JSON object).</param>
/// <param name="Rkey">The record key, or <see langword="null"/> for a new TID.</param>
/// <param name="Validate"><see langword="false"/> skips lexicon validation, <see langword="true"/> requires it, unset validates known lexicons.</param>
/// <param name="SwapCommit">The CID the repo's commit must be at, or <see langword="null"/>.</param>
/// <remarks>Lexicon: com.atproto.repo.createRecord.</remarks>
public sealed record CreateRecordInput(string Repo, string Collection, JsonElement Record, string? Rkey = null, bool? Validate = null, string? SwapCommit = null);
