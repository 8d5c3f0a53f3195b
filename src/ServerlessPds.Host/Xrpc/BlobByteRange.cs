using System.Globalization;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The part of a blob a GET answers, from its <c>Range</c> and <c>If-Range</c> headers: the whole blob (200), one byte
/// range (206), or nothing (416 Range Not Satisfiable).
/// </summary>
/// <remarks>
/// Spec: RFC 9110, sections 14.1.2 (byte ranges: <c>bytes=first-last</c>, <c>bytes=first-</c>, <c>bytes=-suffix</c>),
/// 13.1.5 (If-Range) and 14.2 (a server may ignore Range). We honour a single range; a header with several ranges,
/// another unit or bad syntax is ignored and the whole blob is sent. A range whose first byte is at or past the end (any
/// range of an empty blob, a zero-length suffix) is unsatisfiable; a last byte past the end is clamped.
/// </remarks>
/// <param name="Status">200, 206 or 416.</param>
/// <param name="Offset">The first byte to send.</param>
/// <param name="Length">The number of bytes to send.</param>
internal readonly record struct BlobByteRange(int Status, long Offset, long Length)
{
    /// <summary>Decides what to send of a blob of <paramref name="size"/> bytes.</summary>
    /// <param name="range">The <c>Range</c> header, or <see langword="null"/>.</param>
    /// <param name="ifRange">The <c>If-Range</c> header, or <see langword="null"/>.</param>
    /// <param name="etag">The blob's entity tag (quoted), which <paramref name="ifRange"/> must equal for the range to apply.</param>
    /// <param name="size">The blob's size in bytes.</param>
    /// <returns>The status and the bytes to send.</returns>
    public static BlobByteRange Select(string? range, string? ifRange, string etag, long size)
    {
        var whole = new BlobByteRange(StatusCodes.Status200OK, 0, size);
        if (string.IsNullOrWhiteSpace(range) || (!string.IsNullOrEmpty(ifRange) && ifRange.Trim() != etag))
        {
            return whole;
        }

        var spec = range.Trim();
        if (!spec.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || spec.Contains(',', StringComparison.Ordinal))
        {
            return whole;
        }

        spec = spec["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return whole;
        }

        var firstText = spec[..dash].Trim();
        var lastText = spec[(dash + 1)..].Trim();
        if (firstText.Length == 0)
        {
            // bytes=-N: the last N bytes.
            if (!TryParse(lastText, out var suffix))
            {
                return whole;
            }

            return suffix == 0 || size == 0
                ? Unsatisfiable
                : new BlobByteRange(StatusCodes.Status206PartialContent, size - Math.Min(suffix, size), Math.Min(suffix, size));
        }

        if (!TryParse(firstText, out var first))
        {
            return whole;
        }

        long last;
        if (lastText.Length == 0)
        {
            last = long.MaxValue;
        }
        else if (!TryParse(lastText, out last) || last < first)
        {
            return whole;
        }

        if (first >= size)
        {
            return Unsatisfiable;
        }

        last = Math.Min(last, size - 1);
        return new BlobByteRange(StatusCodes.Status206PartialContent, first, last - first + 1);
    }

    private static BlobByteRange Unsatisfiable => new(StatusCodes.Status416RangeNotSatisfiable, 0, 0);

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
