using Microsoft.Net.Http.Headers;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Api.Com.Atproto.Sync;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary>
/// The handlers parse <c>Content-Type</c>, <c>Range</c> and <c>If-Range</c> without ASP.NET Core; these tests hold
/// them to ASP.NET Core's parsers (Microsoft.Net.Http.Headers), which the host endpoints used before, on ordinary and
/// malformed values alike.
/// </summary>
public class HeaderParsingParityTests
{
    private const string Etag = "\"bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\"";

    public static TheoryData<string> MediaTypes => new()
    {
        "image/png", "IMAGE/PNG", "image/png; charset=utf-8", " image/png ", "image / png", "image/png;", "image/png; ",
        "image/png;;", "image/png; a", "image/png; a=", "image/png; a=\"q;x\"", "image/png; a=\"unterminated", "image/png; a=b;",
        "image/png; a=b; c=d", "image/png; a=b c", "image/png a", "image", "image/", "/png", "image/png/x", "im@ge/png",
        "text/plain, text/html", "application/vnd.ipld.car", "a/b;c=d;e", "\timage/png\t", "image/png;=x", "x/y; q=\"a\\\"b\"", "image/png; a=b;;",
        "image/png; a=@", "image/png; a=;b", "image/png; a= ; b=c", "image/png; a=b; ", "image/png ;a", "image/png;a=\"\"",
    };

    public static TheoryData<string?, string?> Ranges => new()
    {
        { null, null }, { "", null }, { "bytes=0-9", null }, { "bytes=0-", null }, { "bytes=-10", null }, { "bytes=-0", null },
        { "bytes=5-2", null }, { "bytes=0-9,20-29", null }, { "bytes=0-9,", null }, { "bytes=, 0-9", null }, { "bytes= 0 - 9 ", null },
        { "bytes=-", null }, { "bytes=", null }, { "bytes", null }, { "items=0-9", null }, { "BYTES=0-9", null }, { "bytes =0-9", null },
        { "bytes=0-99999999999999999999", null }, { "bytes=9223372036854775807-", null }, { "bytes=9223372036854775808-", null },
        { "bytes=1000-", null }, { "bytes=999-5000", null }, { "bytes=0-9 x", null }, { "bytes=a-9", null }, { " bytes=0-9", null },
        { "bytes=0-9", Etag }, { "bytes=0-9", " " + Etag + " " }, { "bytes=0-9", "W/" + Etag }, { "bytes=0-9", "\"other\"" },
        { "bytes=0-9", "Sat, 05 Dec 2026 10:00:00 GMT" }, { "bytes=0-9", Etag + "," + Etag }, { "bytes=0-9", " " },
    };

    [Theory]
    [MemberData(nameof(MediaTypes))]
    public void TryParseMediaType_AgreesWithAspNetCore(string value)
    {
        var expected = MediaTypeHeaderValue.TryParse(value, out var parsed) && parsed.MediaType.HasValue;

        var actual = HttpHeaderSyntax.TryParseMediaType(value, out var mediaType);

        Assert.Equal(expected, actual);
        if (expected)
        {
            Assert.Equal(parsed!.MediaType.Value, mediaType);
        }
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void BlobByteRange_AgreesWithAspNetCore(string? range, string? ifRange)
    {
        foreach (var size in new long[] { 0, 1, 10, 1000 })
        {
            Assert.Equal(Reference(range, ifRange, size), BlobByteRange.Select(range, ifRange, Etag, size));
        }
    }

    /// <summary>The host's former selection, over ASP.NET Core's header parsers.</summary>
    private static BlobByteRange Reference(string? range, string? ifRange, long size)
    {
        var whole = new BlobByteRange(200, 0, size);
        var unsatisfiable = new BlobByteRange(416, 0, 0);
        var applies = string.IsNullOrEmpty(ifRange)
            || (RangeConditionHeaderValue.TryParse(ifRange, out var condition)
                && condition.EntityTag is { } tag
                && tag.Compare(new EntityTagHeaderValue(Etag), useStrongComparison: true));
        if (!RangeHeaderValue.TryParse(range, out var parsed)
            || !string.Equals(parsed.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
            || parsed.Ranges.Count != 1
            || !applies)
        {
            return whole;
        }

        var item = parsed.Ranges.Single();
        if (item.From is not { } first)
        {
            var suffix = Math.Min(item.To ?? 0, size);
            return suffix == 0 ? unsatisfiable : new BlobByteRange(206, size - suffix, suffix);
        }

        if (first >= size)
        {
            return unsatisfiable;
        }

        var last = Math.Min(item.To ?? long.MaxValue, size - 1);
        return new BlobByteRange(206, first, last - first + 1);
    }
}
