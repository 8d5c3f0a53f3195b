using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Tests.Identity;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Protocol.Identity;

namespace ServerlessPds.Host.Tests.Proxy;

public sealed class ProxyTests(ProxyFixture fixture) : IClassFixture<ProxyFixture>, IAsyncLifetime
{
    private TestAccount _alice = null!;

    public async Task InitializeAsync() => _alice = await fixture.Pds.CreateAccountAsync("alice" + Guid.NewGuid().ToString("N")[..8]);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GetTimeline_NoProxyHeader_ReachesAppViewWithTokenSignedByTheAccountKeyInPlc()
    {
        using var client = fixture.Pds.CreateClient();
        using var request = Get("app.bsky.feed.getTimeline?limit=5", _alice.AccessJwt);
        request.Headers.Add("accept-language", "fr");
        request.Headers.Add("atproto-accept-labelers", "did:plc:labeler;redact");
        request.Headers.Add("x-atproto-test", "passed");
        request.Headers.Add("x-other", "dropped");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("c1", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["cursor"]!.GetValue<string>());
        Assert.Equal("did:plc:labeler", response.Headers.GetValues("atproto-content-labelers").Single());
        Assert.False(response.Headers.Contains("x-not-passed"));
        var call = Assert.Single(fixture.AppView.Calls, c => c.Claims.Issuer == _alice.Did);
        Assert.Equal(("app.bsky.feed.getTimeline", ProxyFixture.AppViewDid, "app.bsky.feed.getTimeline"), (call.Nsid, call.Claims.Audience, call.Claims.Lxm));
        Assert.Equal("fr", call.Headers["accept-language"]);
        Assert.Equal("did:plc:labeler;redact", call.Headers["atproto-accept-labelers"]);
        Assert.Equal("passed", call.Headers["x-atproto-test"]);
        Assert.False(call.Headers.ContainsKey("x-other"));
        Assert.DoesNotContain(_alice.AccessJwt, call.Headers["authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxyHeader_ChatServiceRegisteredInPlc_IsResolvedAndCalledWithItsDidAsAudience()
    {
        using var client = fixture.Pds.CreateClient();
        using var request = Get("chat.bsky.convo.listConvos", _alice.AccessJwt);
        request.Headers.Add("atproto-proxy", fixture.Chat.Did + "#bsky_chat");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.Chat.Did, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["service"]!.GetValue<string>());
        var call = Assert.Single(fixture.Chat.Calls, c => c.Claims.Issuer == _alice.Did);
        Assert.Equal((fixture.Chat.Did, "chat.bsky.convo.listConvos"), (call.Claims.Audience, call.Claims.Lxm));
    }

    [Fact]
    public async Task ChatMethod_AppPasswordWithoutPrivilege_BadTokenMethod()
    {
        using var client = fixture.Pds.CreateClient();
        var (_, created) = await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "com.atproto.server.createAppPassword", new { name = "phone" }, _alice.AccessJwt);
        var (_, session) = await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "com.atproto.server.createSession",
            new { identifier = _alice.Did, password = created["password"]!.GetValue<string>() });
        using var request = Get("chat.bsky.convo.listConvos", session["accessJwt"]!.GetValue<string>());
        request.Headers.Add("atproto-proxy", fixture.Chat.Did + "#bsky_chat");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"error\":\"InvalidToken\",\"message\":\"Bad token method\"}", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(fixture.Chat.Calls, c => c.Claims.Issuer == _alice.Did);
    }

    public static TheoryData<string, string> BadHeaders() => new()
    {
        { "#bsky_chat", "no did specified in proxy header" },
        { "did:web:appview.test", "no service id specified in proxy header" },
        { "did:web:appview.test#", "no service id specified in proxy header" },
        { "did:web:appview.test#a#b", "invalid proxy header format" },
        { "did:web:appview.test #x", "proxy header cannot contain spaces" },
        { "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa#bsky_chat", "could not resolve proxy did" },
        { "CHAT#atproto_labeler", "could not resolve proxy did service url" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task ProxyHeader_Bad_InvalidRequestAsTheReference(string header, string message)
    {
        using var client = fixture.Pds.CreateClient();
        using var request = Get("chat.bsky.convo.listConvos", _alice.AccessJwt);
        request.Headers.TryAddWithoutValidation("atproto-proxy", header.Replace("CHAT", fixture.Chat.Did, StringComparison.Ordinal));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"{{\"error\":\"InvalidRequest\",\"message\":\"{message}\"}}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(400, 400)]
    [InlineData(404, 404)]
    [InlineData(500, 502)]
    public async Task UpstreamError_PassedBackWithItsNameAndRetryAfter(int upstream, int expected)
    {
        using var client = fixture.Pds.CreateClient();

        using var response = await client.SendAsync(Get($"io.example.fail?status={upstream}", _alice.AccessJwt));

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal("{\"error\":\"CustomError\",\"message\":\"the stand-in refused\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("5", response.Headers.GetValues("retry-after").Single());
    }

    [Fact]
    public async Task GetTimeline_AppViewBehindTheRepo_NewPostPatchedInAtOnce()
    {
        using var client = fixture.Pds.CreateClient();
        var (status, created) = await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "com.atproto.repo.createRecord", new
        {
            repo = _alice.Did, collection = "app.bsky.feed.post",
            record = new Dictionary<string, object> { ["$type"] = "app.bsky.feed.post", ["text"] = "fresh", ["createdAt"] = DateTime.UtcNow.ToString("O") },
        }, _alice.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, status);
        fixture.AppView.RepoRev = "2222222222222"; // the AppView has indexed nothing of the account
        try
        {
            using var response = await client.SendAsync(Get("app.bsky.feed.getTimeline", _alice.AccessJwt));
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var post = json["feed"]![0]!["post"]!;
            Assert.Equal(created["uri"]!.GetValue<string>(), post["uri"]!.GetValue<string>());
            Assert.Equal("fresh", post["record"]!["text"]!.GetValue<string>());
            Assert.Equal(_alice.Did, post["author"]!["did"]!.GetValue<string>());
            Assert.Equal("c1", json["cursor"]!.GetValue<string>());
            Assert.True(response.Headers.Contains("Atproto-Upstream-Lag"));
            Assert.Equal("2222222222222", response.Headers.GetValues("atproto-repo-rev").Single());
        }
        finally
        {
            fixture.AppView.RepoRev = null;
        }
    }

    [Fact]
    public async Task ServedMethod_WithProxyHeader_IsAnsweredHereNeverProxied()
    {
        using var client = fixture.Pds.CreateClient();
        using var request = Get("com.atproto.server.describeServer", null);
        request.Headers.Add("atproto-proxy", ProxyFixture.AppViewDid + "#bsky_appview");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("did:web:pds.example.com", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["did"]!.GetValue<string>());
    }

    [Fact]
    public async Task LargeResponse_StreamsThroughUnchanged()
    {
        const long bytes = 24L * 1024 * 1024 + 123;
        using var client = fixture.Pds.CreateClient();

        using var response = await client.SendAsync(Get($"io.example.large?bytes={bytes}", _alice.AccessJwt), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                Assert.Equal((byte)((total + i) / (64 * 1024)), buffer[i]);
            }
            total += read;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, total);
    }

    [Fact]
    public async Task ResponseOverTheLimit_IsCutOff()
    {
        using var client = fixture.Pds.CreateClient();

        var e = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.SendAsync(Get($"io.example.large?bytes={ProxyFixture.MaxResponseBytes + 1}", _alice.AccessJwt));
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length <= ProxyFixture.MaxResponseBytes);
        });

        Assert.True(e is null or HttpRequestException or IOException, e?.ToString());
    }

    [Fact]
    public async Task LargeRequestBody_StreamsToTheService()
    {
        var payload = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        using var client = fixture.Pds.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/io.example.echo") { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _alice.AccessJwt);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(payload)), json["sha256"]!.GetValue<string>());
        Assert.Equal("video/mp4", json["contentType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("http")]
    [InlineData("https")]
    public async Task SsrfProtection_LoopbackTarget_UpstreamFailure(string scheme)
    {
        await using var guarded = fixture.CreatePds(new Dictionary<string, string?>
        {
            ["Pds:Proxy:AppViewUrl"] = $"{scheme}://127.0.0.1:{fixture.AppView.Url.Port}",
        });
        var bob = await guarded.CreateAccountAsync("bob");
        using var client = guarded.CreateClient();

        using var response = await client.SendAsync(Get("app.bsky.feed.getTimeline", bob.AccessJwt));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("{\"error\":\"UpstreamFailure\",\"message\":\"Upstream service unreachable\"}", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(fixture.AppView.Calls, c => c.Claims.Issuer == bob.Did);
    }

    [Fact]
    public async Task ProxyHeader_DidWebOnLoopback_RefusedBySsrfProtectionAndResolvedWithItOff()
    {
        await using var home = await DidWebDocumentServer.StartAsync();
        await using var service = await ServiceStandIn.StartAsync(home.Did.Value, fixture.Plc);
        home.Document = new DidDocument(home.Did, [], [], [new DidService(home.Did.Value + "#bsky_chat", "BskyChatService", service.Url.ToString())]);
        await using var guarded = fixture.CreatePds(new Dictionary<string, string?>());
        var bob = await guarded.CreateAccountAsync("bob");
        using var guardedClient = guarded.CreateClient();

        using var refused = Get("chat.bsky.convo.listConvos", bob.AccessJwt);
        refused.Headers.Add("atproto-proxy", home.Did.Value + "#bsky_chat");
        using var refusedResponse = await guardedClient.SendAsync(refused);

        Assert.Equal(HttpStatusCode.BadRequest, refusedResponse.StatusCode);
        Assert.Equal("{\"error\":\"InvalidRequest\",\"message\":\"could not resolve proxy did\"}", await refusedResponse.Content.ReadAsStringAsync());
        Assert.Equal(0, home.Requests);

        using var client = fixture.Pds.CreateClient();
        using var allowed = Get("chat.bsky.convo.listConvos", _alice.AccessJwt);
        allowed.Headers.Add("atproto-proxy", home.Did.Value + "#bsky_chat");
        using var allowedResponse = await client.SendAsync(allowed);

        Assert.Equal(HttpStatusCode.OK, allowedResponse.StatusCode);
        Assert.Equal(1, home.Requests);
        var call = Assert.Single(service.Calls);
        Assert.Equal((_alice.Did, home.Did.Value, "chat.bsky.convo.listConvos"), (call.Claims.Issuer, call.Claims.Audience, call.Claims.Lxm));
    }

    private static HttpRequestMessage Get(string pathAndQuery, string? accessJwt)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/xrpc/" + pathAndQuery);
        if (accessJwt is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessJwt);
        }
        return request;
    }
}
