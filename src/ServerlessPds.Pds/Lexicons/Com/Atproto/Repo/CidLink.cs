using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>A CID link in JSON: <c>{"$link": "bafkrei…"}</c>.</summary>
/// <param name="Link">The CID (base32 text).</param>
/// <remarks>Spec: atproto.com/specs/data-model, "JSON Representation".</remarks>
public sealed record CidLink([property: JsonPropertyName("$link")] string Link);
