using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Identity;

/// <summary>
/// did:web accounts: a did:web under the user domain (<c>.test</c>) is hosted here, its document served at
/// <c>/.well-known/did.json</c> by Host and resolved without a network fetch; a did:web hosted elsewhere comes in as
/// the reference PDS takes it (service auth by that DID, deactivated until its document points here). SSRF protection is
/// off: the document server listens on <c>localhost</c> (the guard itself: <c>ProxyTests</c>).
/// </summary>
public sealed class DidWebAccountsTests : IAsyncLifetime
{
    private const string ServiceDid = "did:web:" + TestSettings.Hostname;
    private readonly PdsApiFactory _pds = new(new Dictionary<string, string?> { ["Pds:Proxy:DisableSsrfProtection"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Fact]
    public async Task CreateAccount_DidWebUnderUserDomain_ServesItsDocumentByHost()
    {
        var account = await CreateAsync(new { did = "did:web:webby.test", handle = "webby.test", email = "webby@example.com", password = "password-123" });
        Assert.Equal("did:web:webby.test", account["did"]!.GetValue<string>());
        var key = await RecommendedKeyAsync(account["accessJwt"]!.GetValue<string>());

        var served = await GetDidJsonAsync("webby.test");

        var expected = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1", "https://w3id.org/security/suites/secp256k1-2019/v1"),
            ["id"] = "did:web:webby.test",
            ["alsoKnownAs"] = new JsonArray("at://webby.test"),
            ["verificationMethod"] = new JsonArray(new JsonObject
            {
                ["id"] = "did:web:webby.test#atproto",
                ["type"] = "Multikey",
                ["controller"] = "did:web:webby.test",
                ["publicKeyMultibase"] = key.ToMultikey(),
            }),
            ["service"] = new JsonArray(new JsonObject
            {
                ["id"] = "#atproto_pds",
                ["type"] = "AtprotoPersonalDataServer",
                ["serviceEndpoint"] = PdsApiFactory.PublicUrl,
            }),
        };
        Assert.True(JsonNode.DeepEquals(expected, served), served.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected, account["didDoc"]), account["didDoc"]?.ToJsonString());
        Assert.StartsWith("did:key:z", key.ToDidKey(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostedDidWeb_ResolvesInsideThePdsAndWrites()
    {
        var account = await CreateAsync(new { did = "did:web:webber.test", handle = "webber.test", email = "webber@example.com", password = "password-123" });
        var token = account["accessJwt"]!.GetValue<string>();

        var (statusCode, status) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: token);
        Assert.Equal(HttpStatusCode.OK, statusCode);
        Assert.True(status["activated"]!.GetValue<bool>());
        Assert.True(status["validDid"]!.GetValue<bool>());

        var (writeStatus, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = "did:web:webber.test", collection = "com.example.item", record = new { text = "hello" } }, token);
        Assert.Equal(HttpStatusCode.OK, writeStatus);

        var (describeStatus, describe) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.repo.describeRepo", new { repo = "webber.test" });
        Assert.Equal(HttpStatusCode.OK, describeStatus);
        Assert.Equal("did:web:webber.test", describe["didDoc"]!["id"]!.GetValue<string>());
        Assert.True(describe["handleIsCorrect"]!.GetValue<bool>());

        var (loginStatus, session) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createSession",
            new { identifier = "webber.test", password = "password-123" });
        Assert.Equal(HttpStatusCode.OK, loginStatus);
        Assert.Equal("at://webber.test", session["didDoc"]!["alsoKnownAs"]![0]!.GetValue<string>());

        // The document follows the account: a new handle is in alsoKnownAs at once.
        var (updated, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.identity.updateHandle", new { handle = "webber2.test" }, token);
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal("at://webber2.test", (await GetDidJsonAsync("webber.test"))["alsoKnownAs"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task DidJson_HostUnderUserDomainWithoutAccount_IsNotFound()
    {
        using var client = _pds.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/did.json");
        request.Headers.Host = "nobody.test";
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("did:web:pds.example.com", (await GetDidJsonAsync(TestSettings.Hostname))["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("did:web:other.test", "InvalidRequest")]
    [InlineData("did:web:elsewhere.example.org", "AuthenticationRequired")]
    public async Task CreateAccount_DidWebNotMatchingOrNotProven_IsRefused(string did, string error)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createAccount",
            new { did, handle = "mismatch.test", email = "mismatch@example.com", password = "password-123" });

        Assert.Equal(error == "InvalidRequest" ? HttpStatusCode.BadRequest : HttpStatusCode.Unauthorized, status);
        Assert.Equal(error, json["error"]!.GetValue<string>());
        var (resolved, _) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.identity.resolveHandle", new { handle = "mismatch.test" });
        Assert.Equal(HttpStatusCode.BadRequest, resolved);
    }

    [Fact]
    public async Task CreateAccount_DidWebElsewhere_NeedsItsServiceAuthAndStartsDeactivatedUntilItsDocumentPointsHere()
    {
        await using var home = await DidWebDocumentServer.StartAsync();
        using var userKey = SigningKey.Generate(KeyAlgorithm.P256);
        home.Document = DidDocument.CreateAtproto(home.Did, Handle.Parse("moving.test"), userKey.PublicKey, new Uri("https://old-pds.example.org"));
        var input = new { did = home.Did.Value, handle = "moving.test", email = "moving@example.com", password = "password-123" };

        var (noAuth, noAuthError) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createAccount", input);
        Assert.Equal((HttpStatusCode.Unauthorized, "AuthenticationRequired"), (noAuth, noAuthError["error"]!.GetValue<string>()));
        using var otherKey = SigningKey.Generate(KeyAlgorithm.P256);
        var (forged, forgedError) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createAccount", input,
            authorization: await ServiceAuthAsync(otherKey, home.Did));
        Assert.Equal((HttpStatusCode.Unauthorized, "BadJwtSignature"), (forged, forgedError["error"]!.GetValue<string>()));

        var (created, account) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createAccount", input,
            authorization: await ServiceAuthAsync(userKey, home.Did));
        Assert.True(created == HttpStatusCode.OK, account.ToJsonString());
        Assert.Equal(home.Did.Value, account["did"]!.GetValue<string>());
        Assert.Equal(home.Did.Value, account["didDoc"]!["id"]!.GetValue<string>());
        var token = account["accessJwt"]!.GetValue<string>();
        var before = (await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: token)).Json;
        Assert.False(before["activated"]!.GetValue<bool>());
        Assert.False(before["validDid"]!.GetValue<bool>());

        // The user points their document at this PDS with the key it recommends; the PDS reads it from their host.
        home.Document = DidDocument.CreateAtproto(home.Did, Handle.Parse("moving.test"), await RecommendedKeyAsync(token), new Uri(PdsApiFactory.PublicUrl));
        var after = (await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.checkAccountStatus", token: token)).Json;
        Assert.True(after["validDid"]!.GetValue<bool>());
        var (activated, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.activateAccount", token: token);
        Assert.Equal(HttpStatusCode.OK, activated);
        var (written, _) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = home.Did.Value, collection = "com.example.item", record = new { text = "moved in" } }, token);
        Assert.Equal(HttpStatusCode.OK, written);
    }

    private async Task<JsonNode> CreateAsync(object input)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createAccount", input);
        Assert.True(status == HttpStatusCode.OK, json.ToJsonString());
        return json;
    }

    private async Task<PublicKey> RecommendedKeyAsync(string token)
    {
        var (status, credentials) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.identity.getRecommendedDidCredentials", token: token);
        Assert.Equal(HttpStatusCode.OK, status);
        return PublicKey.FromDidKey(credentials["verificationMethods"]!["atproto"]!.GetValue<string>());
    }

    private async Task<JsonNode> GetDidJsonAsync(string host)
    {
        using var client = _pds.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/did.json");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static async Task<AuthenticationHeaderValue> ServiceAuthAsync(SigningKey key, Did issuer)
    {
        var now = DateTimeOffset.UtcNow;
        var jwt = await ServiceJwt.CreateAsync(key, issuer.Value, ServiceDid, "com.atproto.server.createAccount", now, now.AddMinutes(1));
        return new AuthenticationHeaderValue("Bearer", jwt);
    }
}
