using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>One result of applyWrites: <c>#createResult</c>, <c>#updateResult</c> or <c>#deleteResult</c>.</summary>
/// <param name="Type">The <c>$type</c>.</param>
/// <param name="Uri">The record's AT-URI (create, update).</param>
/// <param name="Cid">The record's CID (create, update).</param>
/// <param name="ValidationStatus"><c>valid</c> or <c>unknown</c> (create, update), absent when validation was skipped.</param>
/// <remarks>Lexicon: com.atproto.repo.applyWrites.</remarks>
public sealed record ApplyWritesResult([property: JsonPropertyName("$type")] string Type, string? Uri = null, string? Cid = null, string? ValidationStatus = null);
