using System.Text.Json;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Hosting;

/// <summary>The client address, scheme and host a handler sees when a loopback proxy (the Functions host) forwards the request.</summary>
public class ForwardedHeadersSetupTests(ContractTestApp app) : IClassFixture<ContractTestApp>
{
    [Fact]
    public async Task Request_FromLoopbackProxy_UsesForwardedClientSchemeAndHost()
    {
        var json = await WhoAmIAsync(app.Client, "203.0.113.7");

        Assert.Equal("203.0.113.7", json.GetProperty("clientIp").GetString());
        Assert.Equal("https", json.GetProperty("scheme").GetString());
        Assert.Equal("pds.example.com", json.GetProperty("host").GetString());
    }

    [Fact]
    public async Task Request_WithoutForwardedHeaders_UsesTheConnection()
    {
        using var response = await app.Client.GetAsync("/xrpc/io.example.test.whoami");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("127.0.0.1", json.RootElement.GetProperty("clientIp").GetString());
        Assert.Equal("http", json.RootElement.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Request_ThroughTwoProxies_NotBehindFront_ConsumesOneHop()
    {
        // Without Pds__BehindFront only the loopback hop is believed: the next proxy's address is the client.
        var json = await WhoAmIAsync(app.Client, "198.51.100.9, 203.0.113.7");

        Assert.Equal("203.0.113.7", json.GetProperty("clientIp").GetString());
    }

    /// <summary>Sends <c>whoami</c> with <c>X-Forwarded-For: <paramref name="forwardedFor"/></c>, proto https and host pds.example.com.</summary>
    internal static async Task<JsonElement> WhoAmIAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/xrpc/io.example.test.whoami");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "pds.example.com");
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}

/// <summary>
/// Behind the provisioned front (<c>Pds__BehindFront=true</c>): Front Door appends the address it saw, the Functions
/// front end appends Front Door's, and the worker is reached from loopback. Two hops are consumed from any address.
/// </summary>
public class BehindFrontForwardedHeadersTests(BehindFrontForwardedHeadersTests.App app) : IClassFixture<BehindFrontForwardedHeadersTests.App>
{
    [Theory]
    [InlineData("198.51.100.9, 203.0.113.7", "198.51.100.9")] // client, Front Door
    [InlineData("6.6.6.6, 198.51.100.9, 203.0.113.7", "198.51.100.9")] // an address the client wrote itself is not believed
    [InlineData("198.51.100.9:50123, 203.0.113.7:443", "198.51.100.9")] // addresses with ports, as App Service writes them
    public async Task Request_ThroughTheFront_SeesTheClientFrontDoorSaw(string forwardedFor, string client)
    {
        var json = await ForwardedHeadersSetupTests.WhoAmIAsync(app.Client, forwardedFor);

        Assert.Equal(client, json.GetProperty("clientIp").GetString());
        Assert.Equal("https", json.GetProperty("scheme").GetString());
        Assert.Equal("pds.example.com", json.GetProperty("host").GetString());
    }

    /// <summary>The contract app with <c>Pds:BehindFront</c> set.</summary>
    public sealed class App : ContractTestApp
    {
        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Pds:BehindFront", "true")];
    }
}
