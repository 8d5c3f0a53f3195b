namespace ServerlessPds.Pds.Ports;

/// <summary>A blob opened for reading by <see cref="IBlobStore.OpenAsync"/>: its metadata, and its bytes on demand.</summary>
/// <param name="blob">The blob's metadata.</param>
public abstract class BlobHandle(StoredBlob blob)
{
    /// <summary>Gets the blob's metadata.</summary>
    public StoredBlob Blob { get; } = blob;

    /// <summary>Opens a range of the bytes as a stream that reads from storage as it goes.</summary>
    /// <param name="offset">The first byte, 0 to <see cref="StoredBlob.Size"/>.</param>
    /// <param name="length">The number of bytes, 0 to <see cref="StoredBlob.Size"/> − <paramref name="offset"/>.</param>
    /// <param name="cancellationToken">A token that cancels opening (not the later reads).</param>
    /// <returns>The stream of exactly <paramref name="length"/> bytes; dispose it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the blob.</exception>
    /// <exception cref="Protocol.Xrpc.XrpcException">400 <c>BlobNotFound</c> when the bytes were deleted since the blob was opened.</exception>
    public abstract Task<Stream> ReadAsync(long offset, long length, CancellationToken cancellationToken = default);

    /// <summary>Checks a range against <see cref="Blob"/>'s size.</summary>
    /// <param name="offset">The first byte.</param>
    /// <param name="length">The number of bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the blob.</exception>
    protected void CheckRange(long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, Blob.Size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Blob.Size - offset);
    }
}
