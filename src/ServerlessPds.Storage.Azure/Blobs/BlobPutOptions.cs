using Azure;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>Options for writing a blob: its content type, a write condition and the staged-upload block size.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/put-blob and specifying-conditional-headers-for-blob-service-operations.</remarks>
public sealed record BlobPutOptions
{
    /// <summary>Gets the content type to store, or <see langword="null"/> for <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets the ETag the existing blob must have (<c>If-Match</c>), or <see langword="null"/> for no condition; a mismatch or a missing blob fails with 412.</summary>
    public ETag? IfMatch { get; init; }

    /// <summary>
    /// Gets the <c>If-None-Match</c> condition: <see cref="ETag.All"/> writes only if no blob exists (otherwise
    /// <see cref="Common.StorageConflictException"/> <c>BlobAlreadyExists</c>), or <see langword="null"/> for no condition.
    /// </summary>
    public ETag? IfNoneMatch { get; init; }

    /// <summary>
    /// Gets the metadata to store with the blob (<c>x-ms-meta-&lt;name&gt;</c> headers), or <see langword="null"/> for
    /// none. Names are C# identifiers (letters, digits, underscores), values ASCII.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Gets the block size of staged uploads in bytes, <see cref="BlobLimits.MinBlockBytes"/> to <see cref="BlobLimits.MaxBlockBytes"/>.</summary>
    public int BlockSizeBytes { get; init; } = BlobLimits.DefaultBlockBytes;
}
