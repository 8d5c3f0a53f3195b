using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>One write of applyWrites: <c>#create</c>, <c>#update</c> or <c>#delete</c>.</summary>
/// <param name="Type">The <c>$type</c>, e.g. <c>com.atproto.repo.applyWrites#create</c>.</param>
/// <param name="Collection">The record's collection NSID.</param>
/// <param name="Rkey">The record key (optional for a create).</param>
/// <param name="Value">The record value of a create or update.</param>
/// <remarks>Lexicon: com.atproto.repo.applyWrites (defs create, update, delete).</remarks>
public sealed record ApplyWritesOperation([property: JsonPropertyName("$type")] string Type, string Collection, string? Rkey = null, JsonElement? Value = null)
{
    /// <summary>The prefix of the operation and result <c>$type</c>s.</summary>
    public const string TypePrefix = "com.atproto.repo.applyWrites#";
}
