using System.Net;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Endpoints;

public class WellKnownEndpointsTests
{
    [Fact]
    public async Task DidJson_ServiceDidIsThisHostsDidWeb_AnswersDocument()
    {
        await using var factory = new PdsWebApplicationFactory(new Dictionary<string, string?> { ["Pds:PublicUrl"] = "https://pds.example.com/" });
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/.well-known/did.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "{\"@context\":[\"https://www.w3.org/ns/did/v1\"],\"id\":\"did:web:pds.example.com\","
            + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"https://pds.example.com\"}]}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DidJson_ServiceDidIsNotThisHostsDidWeb_AnswersNotFound()
    {
        await using var factory = new PdsWebApplicationFactory(new Dictionary<string, string?> { ["Pds:ServiceDid"] = "did:plc:ewvi7nxzyoun6zhxrhs64oiz" });
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/.well-known/did.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"error\":\"NotFound\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
