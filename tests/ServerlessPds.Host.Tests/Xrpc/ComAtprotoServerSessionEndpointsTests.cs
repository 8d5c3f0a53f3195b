using System.Net;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Xrpc;

public sealed class ComAtprotoServerSessionEndpointsTests : IAsyncLifetime
{
    private readonly PdsApiFactory _pds = new();
    private TestAccount _alice = null!;

    public async Task InitializeAsync() => _alice = await _pds.CreateAccountAsync("alice");

    public async Task DisposeAsync() => await _pds.DisposeAsync();

    [Theory]
    [InlineData("alice.test")]
    [InlineData("alice@example.com")]
    [InlineData("did")]
    public async Task CreateSession_AnyIdentifier_AnswersSession(string identifier)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createSession",
            new { identifier = identifier == "did" ? _alice.Did : identifier, password = _alice.Password });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_alice.Did, json["did"]!.GetValue<string>());
        Assert.Equal("alice.test", json["handle"]!.GetValue<string>());
        Assert.True(json["active"]!.GetValue<bool>());
        Assert.NotNull(json["accessJwt"]);
        Assert.NotNull(json["refreshJwt"]);
        Assert.Equal(PdsApiFactory.PublicUrl, json["didDoc"]!["service"]![0]!["serviceEndpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateSession_OverShortLimit_RateLimitExceededWithHeaders()
    {
        for (var i = 0; i < 30; i++)
        {
            using var allowed = await _pds.SendAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = "alice.test", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var refused = await _pds.SendAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = "alice.test", password = _alice.Password });
        var json = System.Text.Json.Nodes.JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("RateLimitExceeded", json["error"]!.GetValue<string>());
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal("30", refused.Headers.GetValues("RateLimit-Limit").Single());
    }

    [Theory]
    [InlineData("alice.test", "wrong-password")]
    [InlineData("nobody.test", "password-123")]
    public async Task CreateSession_BadCredentials_AuthenticationRequired(string identifier, string password)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier, password });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AuthenticationRequired", json["error"]!.GetValue<string>());
    }

    public static TheoryData<string?, HttpStatusCode, string> BadTokens => new()
    {
        { null, HttpStatusCode.Unauthorized, "AuthenticationRequired" },
        { "garbage", HttpStatusCode.BadRequest, "InvalidToken" },
        { "refresh", HttpStatusCode.BadRequest, "InvalidToken" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task GetSession_BadToken_LexiconError(string? token, HttpStatusCode expected, string error)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.getSession", token: token == "refresh" ? _alice.RefreshJwt : token);

        Assert.Equal(expected, status);
        Assert.Equal(error, json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task RefreshSession_ThenDeleteSession_OldAndDeletedTokensExpired()
    {
        var (status, refreshed) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.refreshSession", token: _alice.RefreshJwt);
        var next = refreshed["refreshJwt"]!.GetValue<string>();
        var deleted = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.deleteSession", token: next);
        var reuse = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.refreshSession", token: next);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(_alice.RefreshJwt, next);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.Status);
        Assert.Equal("ExpiredToken", reuse.Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppPasswords_CreateLoginListRevoke()
    {
        var (status, created) = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createAppPassword", new { name = "phone" }, _alice.AccessJwt);
        var password = created["password"]!.GetValue<string>();
        var login = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = "alice.test", password });
        var appToken = login.Json["accessJwt"]!.GetValue<string>();
        var listByApp = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.listAppPasswords", token: appToken);
        var list = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.listAppPasswords", token: _alice.AccessJwt);
        await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.revokeAppPassword", new { name = "phone" }, _alice.AccessJwt);
        var after = await _pds.CallAsync(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = "alice.test", password });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("phone", created["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal("InvalidToken", listByApp.Json["error"]!.GetValue<string>());
        Assert.Equal(["phone"], list.Json["passwords"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
    }

    [Theory]
    [InlineData("did:web:api.example.com", "app.bsky.feed.getTimeline", HttpStatusCode.OK)]
    [InlineData("not-a-did", null, HttpStatusCode.BadRequest)]
    [InlineData("did:web:api.example.com", "com.atproto.server.deactivateAccount", HttpStatusCode.BadRequest)]
    public async Task GetServiceAuth_Audience_TokenOrInvalidRequest(string aud, string? lxm, HttpStatusCode expected)
    {
        var (status, json) = await _pds.CallAsync(HttpMethod.Get, "com.atproto.server.getServiceAuth", lxm is null ? new { aud } : new { aud, lxm }, _alice.AccessJwt);

        Assert.Equal(expected, status);
        Assert.Equal(expected == HttpStatusCode.OK ? 3 : 1, expected == HttpStatusCode.OK ? json["token"]!.GetValue<string>().Split('.').Length : 1);
    }
}
