using System.Net;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Proxy;

public sealed class PreferencesTests(ProxyFixture fixture) : IClassFixture<ProxyFixture>
{
    private static readonly object Adult = new { birthDate = "1990-04-01T00:00:00.000Z" };

    [Fact]
    public async Task PutThenGet_FullSession_StoredHereWithDerivedAgeAndNeverProxied()
    {
        var alice = await fixture.Pds.CreateAccountAsync("pa" + Guid.NewGuid().ToString("N")[..8]);
        using var client = fixture.Pds.CreateClient();
        var preferences = new object[]
        {
            new Dictionary<string, object> { ["$type"] = "app.bsky.actor.defs#adultContentPref", ["enabled"] = true },
            new Dictionary<string, object> { ["$type"] = "app.bsky.actor.defs#personalDetailsPref", ["birthDate"] = "1990-04-01T00:00:00.000Z" },
        };

        var (putStatus, putJson) = await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "app.bsky.actor.putPreferences", new { preferences }, alice.AccessJwt);
        var (status, json) = await XrpcTestCalls.CallAsync(client, HttpMethod.Get, "app.bsky.actor.getPreferences", null, alice.AccessJwt);

        Assert.True(putStatus == HttpStatusCode.OK, putJson.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);
        var types = json["preferences"]!.AsArray().Select(p => p!["$type"]!.GetValue<string>()).ToList();
        Assert.Equal(["app.bsky.actor.defs#adultContentPref", "app.bsky.actor.defs#personalDetailsPref", "app.bsky.actor.defs#declaredAgePref"], types);
        Assert.True(json["preferences"]![2]!["isOverAge18"]!.GetValue<bool>());
        Assert.DoesNotContain(fixture.AppView.Calls, c => c.Claims.Issuer == alice.Did);
    }

    [Fact]
    public async Task AppPassword_NeitherSeesNorReplacesPersonalDetails()
    {
        var alice = await fixture.Pds.CreateAccountAsync("pb" + Guid.NewGuid().ToString("N")[..8]);
        using var client = fixture.Pds.CreateClient();
        await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "app.bsky.actor.putPreferences", new
        {
            preferences = new object[] { new Dictionary<string, object> { ["$type"] = "app.bsky.actor.defs#personalDetailsPref", ["birthDate"] = "2015-01-01T00:00:00.000Z" } },
        }, alice.AccessJwt);
        var (_, created) = await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "com.atproto.server.createAppPassword", new { name = "app" }, alice.AccessJwt);
        var (_, session) = await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "com.atproto.server.createSession",
            new { identifier = alice.Did, password = created["password"]!.GetValue<string>() });
        var appJwt = session["accessJwt"]!.GetValue<string>();

        var (forbiddenStatus, forbidden) = await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "app.bsky.actor.putPreferences", new
        {
            preferences = new object[] { new Dictionary<string, object> { ["$type"] = "app.bsky.actor.defs#personalDetailsPref", ["birthDate"] = "1990-01-01T00:00:00.000Z" } },
        }, appJwt);
        var (okStatus, _) = await XrpcTestCalls.CallAsync(client, HttpMethod.Post, "app.bsky.actor.putPreferences", new
        {
            preferences = new object[] { new Dictionary<string, object> { ["$type"] = "app.bsky.actor.defs#adultContentPref", ["enabled"] = false } },
        }, appJwt);
        var (_, seenByApp) = await XrpcTestCalls.CallAsync(client, HttpMethod.Get, "app.bsky.actor.getPreferences", null, appJwt);
        var (_, seenByFull) = await XrpcTestCalls.CallAsync(client, HttpMethod.Get, "app.bsky.actor.getPreferences", null, alice.AccessJwt);

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (forbiddenStatus, forbidden["error"]!.GetValue<string>()));
        Assert.Equal("Do not have authorization to set preferences: app.bsky.actor.defs#personalDetailsPref", forbidden["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(["app.bsky.actor.defs#adultContentPref", "app.bsky.actor.defs#declaredAgePref"], Types(seenByApp));
        Assert.Equal(["app.bsky.actor.defs#personalDetailsPref", "app.bsky.actor.defs#adultContentPref", "app.bsky.actor.defs#declaredAgePref"], Types(seenByFull));
        Assert.False(seenByFull["preferences"]![2]!["isOverAge13"]!.GetValue<bool>());
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "{\"preferences\":{}}", "InvalidRequest" },
        { "{}", "InvalidRequest" },
        { "{\"preferences\":[{\"$type\":\"com.example.pref\"}]}", "InvalidRequest" },
        { "{\"preferences\":[{\"$type\":\"app.bsky.actor.defs#adultContentPref\",\"enabled\":\"yes\"}]}", "InvalidRequest" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task PutPreferences_InvalidInput_InvalidRequestAndNothingStored(string body, string error)
    {
        var alice = await fixture.Pds.CreateAccountAsync("pc" + Guid.NewGuid().ToString("N")[..8]);
        using var client = fixture.Pds.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/app.bsky.actor.putPreferences")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", alice.AccessJwt);

        using var response = await client.SendAsync(request);
        var (_, after) = await XrpcTestCalls.CallAsync(client, HttpMethod.Get, "app.bsky.actor.getPreferences", null, alice.AccessJwt);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Empty(after["preferences"]!.AsArray());
    }

    [Fact]
    public async Task GetPreferences_ProxyHeaderNamingAnotherService_IsProxied()
    {
        var alice = await fixture.Pds.CreateAccountAsync("pd" + Guid.NewGuid().ToString("N")[..8]);
        using var client = fixture.Pds.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/xrpc/app.bsky.actor.getPreferences");
        request.Headers.Authorization = new("Bearer", alice.AccessJwt);
        request.Headers.Add("atproto-proxy", fixture.Chat.Did + "#bsky_chat");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode); // the chat stand-in does not serve it
        Assert.Contains(fixture.Chat.Calls, c => c.Claims.Issuer == alice.Did && c.Claims.Lxm == "app.bsky.actor.getPreferences");
    }

    private static List<string> Types(JsonNode json) => [.. json["preferences"]!.AsArray().Select(p => p!["$type"]!.GetValue<string>())];
}
