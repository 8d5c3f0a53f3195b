using Microsoft.Net.Http.Headers;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The part of a blob a GET answers, from its <c>Range</c> and <c>If-Range</c> headers: the whole blob (200), one byte
/// range (206), or nothing (416 Range Not Satisfiable). The headers are parsed by ASP.NET Core's
/// <see cref="RangeHeaderValue"/> and <see cref="RangeConditionHeaderValue"/>.
/// </summary>
/// <remarks>
/// Spec: RFC 9110, sections 14.1.2 (byte ranges: <c>bytes=first-last</c>, <c>bytes=first-</c>, <c>bytes=-suffix</c>),
/// 13.1.5 (If-Range, strong comparison) and 14.2 (a server may ignore Range). We honour a single range; a header with
/// several ranges, another unit or bad syntax (including last &lt; first) is ignored and the whole blob is sent. A range
/// whose first byte is at or past the end (any range of an empty blob, a zero-length suffix) is unsatisfiable; a last
/// byte past the end is clamped.
/// </remarks>
/// <param name="Status">200, 206 or 416.</param>
/// <param name="Offset">The first byte to send.</param>
/// <param name="Length">The number of bytes to send.</param>
internal readonly record struct BlobByteRange(int Status, long Offset, long Length)
{
    /// <summary>Decides what to send of a blob of <paramref name="size"/> bytes.</summary>
    /// <param name="range">The <c>Range</c> header, or <see langword="null"/>.</param>
    /// <param name="ifRange">The <c>If-Range</c> header, or <see langword="null"/>.</param>
    /// <param name="etag">The blob's strong entity tag (quoted), which <paramref name="ifRange"/> must equal for the range to apply.</param>
    /// <param name="size">The blob's size in bytes.</param>
    /// <returns>The status and the bytes to send.</returns>
    public static BlobByteRange Select(string? range, string? ifRange, string etag, long size)
    {
        var whole = new BlobByteRange(StatusCodes.Status200OK, 0, size);
        if (!RangeHeaderValue.TryParse(range, out var parsed)
            || !string.Equals(parsed.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            || parsed.Ranges.Count != 1
            || !RangeApplies(ifRange, etag))
        {
            return whole;
        }

        var item = parsed.Ranges.Single();
        if (item.From is not { } first)
        {
            // bytes=-N: the last N bytes.
            var suffix = Math.Min(item.To ?? 0, size);
            return suffix == 0 ? Unsatisfiable : new BlobByteRange(StatusCodes.Status206PartialContent, size - suffix, suffix);
        }

        if (first >= size)
        {
            return Unsatisfiable;
        }

        var last = Math.Min(item.To ?? long.MaxValue, size - 1);
        return new BlobByteRange(StatusCodes.Status206PartialContent, first, last - first + 1);
    }

    private static BlobByteRange Unsatisfiable => new(StatusCodes.Status416RangeNotSatisfiable, 0, 0);

    /// <summary>Checks <c>If-Range</c>: absent, or an entity tag strongly equal to <paramref name="etag"/> (a date never matches).</summary>
    private static bool RangeApplies(string? ifRange, string etag) =>
        string.IsNullOrEmpty(ifRange)
        || (RangeConditionHeaderValue.TryParse(ifRange, out var condition)
            && condition.EntityTag is { } tag
            && tag.Compare(new EntityTagHeaderValue(etag), useStrongComparison: true));
}
