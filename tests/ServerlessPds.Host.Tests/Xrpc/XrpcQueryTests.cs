using Microsoft.AspNetCore.Http;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Tests.Xrpc;

public class XrpcQueryTests
{
    private static HttpRequest Request(string query) => new DefaultHttpContext { Request = { QueryString = new QueryString(query) } }.Request;

    [Fact]
    public void Getters_ValidParameters_Parse()
    {
        var request = Request("?repo=did:plc:abc234&limit=7&reverse=true&collection=app.bsky.feed.post&collection=&collection=app.bsky.feed.like&cursor=3l4&since=42");

        Assert.Equal("did:plc:abc234", request.Call().GetRequired<Did>("repo").Value);
        Assert.Equal(7, request.Call().GetLimit(50, 100));
        Assert.True(request.Call().GetBoolean("reverse", false));
        Assert.Equal(["app.bsky.feed.post", "app.bsky.feed.like"], request.Call().GetAll<Nsid>("collection", 10).Select(n => n.Value));
        Assert.Equal("3l4", request.Call().GetCursor());
        Assert.Equal(42L, request.Call().GetOptional("since", 0L));
    }

    [Fact]
    public void Getters_AbsentOrEmptyParameters_UseDefaults()
    {
        var request = Request("?cursor=&handle=");

        Assert.Equal(50, request.Call().GetLimit(50, 100));
        Assert.False(request.Call().GetBoolean("reverse", false));
        Assert.Empty(request.Call().GetAll<Nsid>("collection", 10));
        Assert.Null(request.Call().GetCursor());
        Assert.Null(request.Call().GetOptional<Handle>("handle"));
        Assert.Equal(-1L, request.Call().GetOptional("since", -1L));
    }

    public static TheoryData<string, string, string> Invalid() => new()
    {
        { "", "repo", "Missing required query parameter \"repo\"" },
        { "?repo=", "repo", "Missing required query parameter \"repo\"" },
        { "?repo=alice.test", "repo", "Invalid query parameter \"repo\": " },
        { "?repo=did:plc:a&repo=did:plc:b", "repo", "Query parameter \"repo\" must appear at most once" },
        { "?handle=not a handle", "handle", "Invalid query parameter \"handle\": " },
        { "?since=12x", "since", "Invalid query parameter \"since\": " },
        { "?since=99999999999999999999", "since", "Invalid query parameter \"since\": " },
        { "?limit=0", "limit", "Query parameter \"limit\" must be an integer from 1 to 100" },
        { "?limit=101", "limit", "Query parameter \"limit\" must be an integer from 1 to 100" },
        { "?limit=ten", "limit", "Query parameter \"limit\" must be an integer from 1 to 100" },
        { "?limit=1.5", "limit", "Query parameter \"limit\" must be an integer from 1 to 100" },
        { "?reverse=True", "reverse", "Query parameter \"reverse\" must be true or false" },
        { "?reverse=1", "reverse", "Query parameter \"reverse\" must be true or false" },
        { "?c=a.b.c&c=a.b.d&c=a.b.e", "c", "Query parameter \"c\" may appear at most 2 times" },
        { "?c=a.b.c&c=nope", "c", "Invalid query parameter \"c\": " },
        { "?cursor=a&cursor=b", "cursor", "Query parameter \"cursor\" must appear at most once" },
    };

    private static object? Read(HttpRequest request, string parameter) => parameter switch
    {
        "repo" => request.Call().GetRequired<Did>("repo"),
        "handle" => request.Call().GetOptional<Handle>("handle"),
        "since" => request.Call().GetOptional("since", 0L),
        "limit" => request.Call().GetLimit(50, 100),
        "reverse" => request.Call().GetBoolean("reverse", false),
        "c" => request.Call().GetAll<Nsid>("c", 2),
        "cursor" => request.Call().GetCursor(),
        _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Getter_InvalidParameter_ThrowsInvalidRequestNamingIt(string query, string parameter, string messageStart)
    {
        var e = Assert.Throws<XrpcException>(() => Read(Request(query), parameter));

        Assert.Equal(400, e.Status);
        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
        Assert.StartsWith(messageStart, e.Message, StringComparison.Ordinal);
    }
}
