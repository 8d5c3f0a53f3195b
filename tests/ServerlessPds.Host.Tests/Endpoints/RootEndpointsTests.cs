using System.Net;
using System.Text.Json;
using ServerlessPds.Host.Endpoints;
using ServerlessPds.Host.Hosting;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Endpoints;

public class RootEndpointsTests(PdsWebApplicationFactory factory) : IClassFixture<PdsWebApplicationFactory>
{
    [Theory]
    [InlineData("/", RootEndpoints.Banner)]
    [InlineData("/robots.txt", RootEndpoints.RobotsTxt)]
    public async Task Get_TextRoute_AnswersPlainText(string path, string expected)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_Get_AnswersVersion()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/xrpc/_health");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["version"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(HostInfo.Version, json.RootElement.GetProperty("version").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", HostInfo.Version);
    }
}
