using Azure;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>A blob's name, size, content type, ETag, last-modified time and metadata.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/get-blob-properties and list-blobs.</remarks>
public sealed class BlobProperties
{
    internal BlobProperties(string name, long contentLength, string? contentType, ETag etag, DateTimeOffset? lastModified,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        Metadata = metadata ?? new Dictionary<string, string>();
        Name = name;
        ContentLength = contentLength;
        ContentType = contentType;
        ETag = etag;
        LastModified = lastModified;
    }

    /// <summary>Gets the blob name.</summary>
    public string Name { get; }

    /// <summary>Gets the blob's size in bytes.</summary>
    public long ContentLength { get; }

    /// <summary>Gets the content type stored with the blob, or <see langword="null"/> when unknown.</summary>
    public string? ContentType { get; }

    /// <summary>Gets the blob's ETag (use it with <c>If-Match</c>).</summary>
    public ETag ETag { get; }

    /// <summary>Gets the blob's metadata by lowercase name (from reads; empty after writes and in listings).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Gets the time of the last write, or <see langword="null"/> when unknown.</summary>
    public DateTimeOffset? LastModified { get; }
}
