using System.Text.Json.Serialization;

namespace ServerlessPds.Host.Xrpc;

// The outputs of com.atproto.repo.uploadBlob and com.atproto.sync.listBlobs, shaped as their lexicons.

/// <summary>A CID link in JSON: <c>{"$link": "bafkrei…"}</c> (atproto.com/specs/data-model, "JSON Representation").</summary>
internal sealed record CidLinkJson([property: JsonPropertyName("$link")] string Link);

/// <summary>A blob ref: <c>{"$type": "blob", "ref": {"$link"}, "mimeType", "size"}</c>.</summary>
internal sealed record BlobRefJson(
    [property: JsonPropertyName("$type")] string Type, [property: JsonPropertyName("ref")] CidLinkJson Ref, string MimeType, long Size);

/// <summary>Output of com.atproto.repo.uploadBlob.</summary>
internal sealed record UploadBlobOutput(BlobRefJson Blob);

/// <summary>Output of com.atproto.sync.listBlobs.</summary>
internal sealed record ListBlobsOutput(string? Cursor, IReadOnlyList<string> Cids);
