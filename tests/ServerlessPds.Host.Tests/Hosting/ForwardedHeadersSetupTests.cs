using System.Text.Json;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Hosting;

/// <summary>The client address, scheme and host a handler sees when a loopback proxy (the Functions host) forwards the request.</summary>
public class ForwardedHeadersSetupTests(ContractTestApp app) : IClassFixture<ContractTestApp>
{
    [Fact]
    public async Task Request_FromLoopbackProxy_UsesForwardedClientSchemeAndHost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/xrpc/io.example.test.whoami");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "pds.example.com");
        using var response = await app.Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("203.0.113.7", json.RootElement.GetProperty("clientIp").GetString());
        Assert.Equal("https", json.RootElement.GetProperty("scheme").GetString());
        Assert.Equal("pds.example.com", json.RootElement.GetProperty("host").GetString());
    }

    [Fact]
    public async Task Request_WithoutForwardedHeaders_UsesTheConnection()
    {
        using var response = await app.Client.GetAsync("/xrpc/io.example.test.whoami");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("127.0.0.1", json.RootElement.GetProperty("clientIp").GetString());
        Assert.Equal("http", json.RootElement.GetProperty("scheme").GetString());
    }
}
