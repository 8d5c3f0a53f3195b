using System.Globalization;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// The part of a blob a GET answers, from its <c>Range</c> and <c>If-Range</c> headers: the whole blob (200), one byte
/// range (206), or nothing (416 Range Not Satisfiable).
/// </summary>
/// <remarks>
/// Spec: RFC 9110, sections 14.1.2 (byte ranges: <c>bytes=first-last</c>, <c>bytes=first-</c>, <c>bytes=-suffix</c>),
/// 13.1.5 (If-Range, strong comparison) and 14.2 (a server may ignore Range). We honour a single range; a header with
/// several ranges, another unit or bad syntax (including last &lt; first, or a number past 19 digits or
/// <see cref="long.MaxValue"/>) is ignored and the whole blob is sent. Empty list elements (<c>bytes=, 0-9</c>) are
/// skipped. A range whose first byte is at or past the end (any range of an empty blob, a zero-length suffix) is
/// unsatisfiable; a last byte past the end is clamped.
/// </remarks>
/// <param name="Status">200, 206 or 416.</param>
/// <param name="Offset">The first byte to send.</param>
/// <param name="Length">The number of bytes to send.</param>
public readonly record struct BlobByteRange(int Status, long Offset, long Length)
{
    private const int MaxNumberDigits = 19;

    /// <summary>Decides what to send of a blob of <paramref name="size"/> bytes.</summary>
    /// <param name="range">The <c>Range</c> header (repeated headers joined with commas), or <see langword="null"/>.</param>
    /// <param name="ifRange">The <c>If-Range</c> header, or <see langword="null"/>.</param>
    /// <param name="etag">The blob's strong entity tag (quoted), which <paramref name="ifRange"/> must equal for the range to apply.</param>
    /// <param name="size">The blob's size in bytes.</param>
    /// <returns>The status and the bytes to send.</returns>
    public static BlobByteRange Select(string? range, string? ifRange, string etag, long size)
    {
        var whole = new BlobByteRange(200, 0, size);
        if (!TryParseRange(range, out var unit, out var items)
            || !string.Equals(unit, "bytes", StringComparison.OrdinalIgnoreCase)
            || items.Count != 1
            || !RangeApplies(ifRange, etag))
        {
            return whole;
        }

        var (from, to) = items[0];
        if (from is not { } first)
        {
            // bytes=-N: the last N bytes.
            var suffix = Math.Min(to ?? 0, size);
            return suffix == 0 ? Unsatisfiable : new BlobByteRange(206, size - suffix, suffix);
        }

        if (first >= size)
        {
            return Unsatisfiable;
        }

        var last = Math.Min(to ?? long.MaxValue, size - 1);
        return new BlobByteRange(206, first, last - first + 1);
    }

    /// <summary>The <c>Content-Range</c> of this part of a blob of <paramref name="size"/> bytes: <c>bytes first-last/size</c>, or <c>bytes */size</c> for a 416.</summary>
    /// <param name="size">The blob's size in bytes.</param>
    /// <returns>The header value.</returns>
    public string ContentRange(long size) => Status == 416
        ? $"bytes */{size.ToString(CultureInfo.InvariantCulture)}"
        : FormattableString.Invariant($"bytes {Offset}-{Offset + Length - 1}/{size}");

    private static BlobByteRange Unsatisfiable => new(416, 0, 0);

    /// <summary>
    /// Checks <c>If-Range</c>: absent, or a strong entity tag equal to <paramref name="etag"/> with nothing but
    /// whitespace around it (a weak tag or a date never matches).
    /// </summary>
    private static bool RangeApplies(string? ifRange, string etag) =>
        string.IsNullOrEmpty(ifRange) || ifRange.Trim(' ', '\t') == etag;

    /// <summary>Parses <c>unit "=" range-spec *("," range-spec)</c>, whitespace allowed between the parts.</summary>
    private static bool TryParseRange(string? value, out string unit, out List<(long? From, long? To)> items)
    {
        unit = "";
        items = [];
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var i = HttpHeaderSyntax.SkipWhitespace(value, 0);
        var unitEnd = HttpHeaderSyntax.SkipToken(value, i);
        if (unitEnd == i)
        {
            return false;
        }

        unit = value[i..unitEnd];
        i = HttpHeaderSyntax.SkipWhitespace(value, unitEnd);
        if (i == value.Length || value[i] != '=')
        {
            return false;
        }

        i = SkipSeparators(value, i + 1, out _);
        if (i == value.Length)
        {
            return false;
        }

        while (true)
        {
            if (!TryParseItem(value, ref i, out var item))
            {
                return false;
            }

            items.Add(item);
            i = SkipSeparators(value, i, out var separated);
            if (i == value.Length)
            {
                return true;
            }

            if (!separated)
            {
                return false;
            }
        }
    }

    /// <summary>Parses <c>first-last</c>, <c>first-</c> or <c>-suffix</c> at <paramref name="i"/>, and the whitespace after it.</summary>
    private static bool TryParseItem(string value, ref int i, out (long? From, long? To) item)
    {
        item = default;
        var fromStart = i;
        var fromEnd = SkipDigits(value, fromStart);
        i = HttpHeaderSyntax.SkipWhitespace(value, fromEnd);
        if (i == value.Length || value[i] != '-')
        {
            return false;
        }

        var toStart = HttpHeaderSyntax.SkipWhitespace(value, i + 1);
        var toEnd = SkipDigits(value, toStart);
        i = HttpHeaderSyntax.SkipWhitespace(value, toEnd);
        if ((fromEnd == fromStart && toEnd == toStart)
            || !TryParseNumber(value, fromStart, fromEnd, out var from)
            || !TryParseNumber(value, toStart, toEnd, out var to)
            || (from is not null && to is not null && from > to))
        {
            return false;
        }

        item = (from, to);
        return true;
    }

    /// <summary>Parses the digits between <paramref name="start"/> and <paramref name="end"/>; none is <see langword="null"/>.</summary>
    private static bool TryParseNumber(string value, int start, int end, out long? number)
    {
        number = null;
        if (end == start)
        {
            return true;
        }

        if (end - start > MaxNumberDigits || !long.TryParse(value.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        number = parsed;
        return true;
    }

    private static int SkipDigits(string value, int index)
    {
        while (index < value.Length && char.IsAsciiDigit(value[index]))
        {
            index++;
        }

        return index;
    }

    /// <summary>Skips whitespace and list commas (empty list elements are allowed).</summary>
    private static int SkipSeparators(string value, int index, out bool separated)
    {
        separated = false;
        var i = HttpHeaderSyntax.SkipWhitespace(value, index);
        while (i < value.Length && value[i] == ',')
        {
            separated = true;
            i = HttpHeaderSyntax.SkipWhitespace(value, i + 1);
        }

        return i;
    }
}
