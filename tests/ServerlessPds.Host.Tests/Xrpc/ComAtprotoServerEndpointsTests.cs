using System.Net;
using System.Text.Json;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Xrpc;

public class ComAtprotoServerEndpointsTests
{
    private static readonly string[] LexiconFields =
        ["did", "availableUserDomains", "inviteCodeRequired", "phoneVerificationRequired", "blobUploadLimit", "links", "contact"];

    [Fact]
    public async Task DescribeServer_Defaults_AnswersLexiconShape()
    {
        await using var factory = new PdsWebApplicationFactory();
        using var json = await DescribeServerAsync(factory);
        var root = json.RootElement;

        Assert.Equal(LexiconFields.Order(), root.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("did:web:pds.example.com", root.GetProperty("did").GetString());
        Assert.Equal([".pds.example.com"], root.GetProperty("availableUserDomains").EnumerateArray().Select(d => d.GetString()));
        Assert.True(root.GetProperty("inviteCodeRequired").GetBoolean());
        Assert.False(root.GetProperty("phoneVerificationRequired").GetBoolean());
        Assert.Equal(314_572_800L, root.GetProperty("blobUploadLimit").GetInt64());
        Assert.Equal("{}", root.GetProperty("links").GetRawText());
        Assert.Equal("{}", root.GetProperty("contact").GetRawText());
    }

    [Fact]
    public async Task DescribeServer_Configured_AnswersConfiguration()
    {
        await using var factory = new PdsWebApplicationFactory(new Dictionary<string, string?>
        {
            ["Pds:ServiceDid"] = "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
            ["Pds:UserDomains:0"] = ".alpha.test",
            ["Pds:UserDomains:1"] = ".beta.test",
            ["Pds:InviteRequired"] = "false",
            ["Pds:BlobUploadLimitBytes"] = "5000000",
            ["Pds:PrivacyPolicyUrl"] = "https://example.com/privacy",
            ["Pds:TermsOfServiceUrl"] = "https://example.com/tos",
            ["Pds:ContactEmail"] = "admin@example.com",
        });
        using var json = await DescribeServerAsync(factory);
        var root = json.RootElement;

        Assert.Equal("did:plc:ewvi7nxzyoun6zhxrhs64oiz", root.GetProperty("did").GetString());
        Assert.Equal([".alpha.test", ".beta.test"], root.GetProperty("availableUserDomains").EnumerateArray().Select(d => d.GetString()));
        Assert.False(root.GetProperty("inviteCodeRequired").GetBoolean());
        Assert.Equal(5_000_000, root.GetProperty("blobUploadLimit").GetInt64());
        Assert.Equal("{\"privacyPolicy\":\"https://example.com/privacy\",\"termsOfService\":\"https://example.com/tos\"}", root.GetProperty("links").GetRawText());
        Assert.Equal("{\"email\":\"admin@example.com\"}", root.GetProperty("contact").GetRawText());
    }

    private static async Task<JsonDocument> DescribeServerAsync(PdsWebApplicationFactory factory)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/xrpc/com.atproto.server.describeServer");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
