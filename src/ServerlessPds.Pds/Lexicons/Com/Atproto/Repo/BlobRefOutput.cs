using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>A blob ref in JSON: <c>{"$type": "blob", "ref": {"$link"}, "mimeType", "size"}</c>.</summary>
/// <param name="Type">The <c>$type</c>: <c>blob</c>.</param>
/// <param name="Ref">The blob's CID.</param>
/// <param name="MimeType">The blob's media type.</param>
/// <param name="Size">The blob's size in bytes.</param>
/// <remarks>Spec: atproto.com/specs/data-model, "Blob Type".</remarks>
public sealed record BlobRefOutput(
    [property: JsonPropertyName("$type")] string Type, [property: JsonPropertyName("ref")] CidLink Ref, string MimeType, long Size);
