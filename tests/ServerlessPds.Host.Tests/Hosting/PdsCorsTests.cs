using System.Net;
using ServerlessPds.Host.Hosting;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Hosting;

public class PdsCorsTests(PdsWebApplicationFactory factory) : IClassFixture<PdsWebApplicationFactory>
{
    [Theory]
    [InlineData("/xrpc/com.atproto.server.describeServer", "GET", "authorization,atproto-accept-labelers")]
    [InlineData("/xrpc/com.atproto.repo.createRecord", "POST", "authorization,content-type,atproto-proxy,dpop")]
    [InlineData("/xrpc/com.example.unknownMethod", "POST", "content-type")]
    public async Task Preflight_AnyOriginMethodAndHeaders_IsAllowed(string path, string method, string headers)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://app.example.net");
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal(method, Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal(headers, Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("86400", Header(response, "Access-Control-Max-Age"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/xrpc/com.atproto.server.describeServer", HttpStatusCode.OK)]
    [InlineData("/xrpc/com.example.unknownMethod", HttpStatusCode.Unauthorized)] // proxied, needs a session
    [InlineData("/xrpc/not_an_nsid", HttpStatusCode.BadRequest)]
    [InlineData("/nowhere", HttpStatusCode.NotFound)]
    public async Task CrossOriginRequest_SuccessOrError_CarriesCorsHeaders(string path, HttpStatusCode status)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", "https://app.example.net");
        using var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        var exposed = Header(response, "Access-Control-Expose-Headers")!.Split(',');
        Assert.Equal(PdsCors.ExposedHeaders, exposed);
        Assert.Contains("RateLimit-Remaining", exposed);
        Assert.Contains("WWW-Authenticate", exposed);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
