namespace ServerlessPds.Protocol.Data;

/// <summary>A blob reference found inside a record by <see cref="BlobRefFinder"/>, with where it was found.</summary>
/// <remarks>Spec: atproto.com/specs/data-model, "Blob Type" (the <c>blob</c> object and its legacy form).</remarks>
/// <param name="Path">Where in the record, JSON-path-like from the record's root: <c>embed.images[0].image</c>; empty for the root itself.</param>
/// <param name="Cid">The blob's CID (the <c>ref</c> link, or the legacy form's <c>cid</c> string).</param>
/// <param name="MimeType">The declared content type.</param>
/// <param name="Size">The declared length in bytes; <see langword="null"/> for the legacy form, which has none.</param>
public sealed record FoundBlobRef(string Path, Cid Cid, string MimeType, long? Size)
{
    /// <summary>Gets a value indicating whether this is the legacy form <c>{"cid": "…", "mimeType": "…"}</c>.</summary>
    public bool IsLegacy => Size is null;
}
