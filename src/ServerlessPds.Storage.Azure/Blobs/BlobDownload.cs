namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>
/// A blob (or a range of it) being read from the network: <see cref="Content"/> streams the bytes as they arrive and
/// nothing is buffered whole. Dispose it (or its <see cref="Content"/>) to release the connection.
/// </summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/get-blob (200 for the whole blob, 206 for a range).</remarks>
public sealed class BlobDownload : IDisposable, IAsyncDisposable
{
    internal BlobDownload(Stream content, BlobProperties properties, long offset, long length)
    {
        Content = content;
        Properties = properties;
        Offset = offset;
        Length = length;
    }

    /// <summary>Gets the response body: <see cref="Length"/> bytes starting at <see cref="Offset"/> of the blob, read on demand.</summary>
    public Stream Content { get; }

    /// <summary>Gets the blob's properties; <see cref="BlobProperties.ContentLength"/> is the whole blob's size.</summary>
    public BlobProperties Properties { get; }

    /// <summary>Gets the offset of the first byte of <see cref="Content"/> within the blob.</summary>
    public long Offset { get; }

    /// <summary>Gets the number of bytes <see cref="Content"/> holds.</summary>
    public long Length { get; }

    /// <summary>Releases the response and its connection.</summary>
    public void Dispose() => Content.Dispose();

    /// <summary>Releases the response and its connection.</summary>
    /// <returns>A task that completes when released.</returns>
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
