using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Host.Xrpc;

namespace ServerlessPds.Host.Tests.Xrpc;

/// <summary>The XRPC routing convention: queries answer GET and HEAD, procedures POST, and the fallback explains everything else.</summary>
public class XrpcEndpointRouteBuilderExtensionsTests(ContractTestApp app) : IClassFixture<ContractTestApp>
{
    [Fact]
    public async Task Query_Head_AnswersWithoutBody()
    {
        using var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/xrpc/com.atproto.server.describeServer"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("POST", "/xrpc/com.atproto.server.describeServer", 400, "{\"error\":\"InvalidRequest\",\"message\":\"Incorrect HTTP method (POST) expected GET\"}")]
    [InlineData("DELETE", "/xrpc/io.example.test.echo", 400, "{\"error\":\"InvalidRequest\",\"message\":\"Incorrect HTTP method (DELETE) expected POST\"}")]
    [InlineData("GET", "/xrpc/com.example.fancyNewMethod", 401, "{\"error\":\"AuthenticationRequired\",\"message\":\"AuthenticationRequired\"}")]
    [InlineData("GET", "/xrpc/com.atproto.server.getSession2", 401, "{\"error\":\"AuthenticationRequired\",\"message\":\"AuthenticationRequired\"}")]
    [InlineData("GET", "/xrpc/com.atproto.server.updateEmail", 400, "{\"error\":\"InvalidToken\",\"message\":\"Bad token method\"}")]
    [InlineData("PUT", "/xrpc/com.example.fancyNewMethod", 400, "{\"error\":\"InvalidRequest\",\"message\":\"XRPC requests only supports GET and POST\"}")]
    [InlineData("GET", "/xrpc/com.example..double", 400, "{\"error\":\"InvalidRequest\",\"message\":\"Invalid XRPC path: expected /xrpc/<nsid>\"}")]
    [InlineData("GET", "/xrpc", 400, "{\"error\":\"InvalidRequest\",\"message\":\"Invalid XRPC path: expected /xrpc/<nsid>\"}")]
    public async Task Fallback_UnservedXrpcPath_ExplainsWhy(string method, string path, int status, string body)
    {
        using var response = await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not an nsid")]
    [InlineData("com.example")]
    public void MapXrpcQuery_InvalidNsid_ThrowsAtStartUp(string nsid)
    {
        var builder = WebApplication.CreateBuilder();
        var web = builder.Build();

        Assert.Throws<FormatException>(() => web.MapGroup("/xrpc").MapXrpcQuery(nsid, () => Results.Ok()));
    }
}
