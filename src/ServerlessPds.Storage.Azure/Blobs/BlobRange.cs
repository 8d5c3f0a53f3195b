namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>A byte range of a blob: from <see cref="Offset"/>, <see cref="Length"/> bytes or to the end.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/specifying-the-range-header-for-blob-service-operations.</remarks>
public readonly record struct BlobRange
{
    /// <summary>Initializes a range.</summary>
    /// <param name="offset">The first byte, 0 or more.</param>
    /// <param name="length">The number of bytes (1 or more), or <see langword="null"/> for the rest of the blob.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative or <paramref name="length"/> is less than 1.</exception>
    public BlobRange(long offset, long? length = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(l, 1, nameof(length));
        }

        Offset = offset;
        Length = length;
    }

    /// <summary>Gets the first byte of the range.</summary>
    public long Offset { get; }

    /// <summary>Gets the number of bytes, or <see langword="null"/> for the rest of the blob.</summary>
    public long? Length { get; }

    /// <summary>Formats the range as an <c>x-ms-range</c> header value, e.g. <c>bytes=0-99</c> or <c>bytes=100-</c>.</summary>
    /// <returns>The header value.</returns>
    public override string ToString() =>
        Length is { } length ? FormattableString.Invariant($"bytes={Offset}-{Offset + length - 1}") : FormattableString.Invariant($"bytes={Offset}-");
}
