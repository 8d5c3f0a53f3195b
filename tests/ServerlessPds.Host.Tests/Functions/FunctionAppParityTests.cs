using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Functions;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Testing;

namespace ServerlessPds.Host.Tests.Functions;

/// <summary>
/// The same XRPC calls through the function app's trigger methods (a real <see cref="Microsoft.AspNetCore.Http.DefaultHttpContext"/>
/// per call, <see cref="FunctionTriggerHandler"/>) and through the standalone host (<see cref="PdsApiFactory"/>), each
/// on its own in-memory PDS with the same settings, give the same status, error name, headers and body (DIDs, tokens,
/// CIDs and revs, which differ between two PDSs, replaced by placeholders).
/// </summary>
public sealed partial class FunctionAppParityTests : IAsyncLifetime
{
    private static readonly string[] ComparedHeaders =
    [
        "Content-Type", "WWW-Authenticate", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "RateLimit-Limit",
        "RateLimit-Policy", "atproto-repo-rev", "Cache-Control", "X-Content-Type-Options",
    ];

    private readonly PdsApiFactory _standalone = new();
    private readonly PdsApplication _functionApp = new(builder =>
    {
        builder.Configuration.AddInMemoryCollection(PdsApiFactory.Settings());
        builder.Services.AddSingleton<IPlcDirectory>(new InMemoryPlcDirectory());
    });

    public async Task InitializeAsync() => await _functionApp.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _functionApp.StopAsync(CancellationToken.None);
        await _functionApp.DisposeAsync();
        await _standalone.DisposeAsync();
    }

    [Fact]
    public async Task RepresentativeCalls_AnswerTheSameThroughTheTriggersAndTheStandaloneHost()
    {
        using var standalone = _standalone.CreateClient();
        using var functions = new HttpClient(new FunctionTriggerHandler(new HttpFunctions(_functionApp))) { BaseAddress = new Uri("http://localhost") };

        var a = await RunAsync(standalone);
        var b = await RunAsync(functions);

        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i], b[i]);
        }

        Assert.Contains(a, e => e.StartsWith("POST com.atproto.repo.createRecord 200", StringComparison.Ordinal));
        Assert.Contains(a, e => e.Contains("\"error\":\"InvalidRequest\"", StringComparison.Ordinal));
        Assert.Contains(a, e => e.StartsWith("GET com.atproto.sync.getRepo 200", StringComparison.Ordinal));
    }

    /// <summary>Runs the scenario and returns one normalised line per exchange.</summary>
    private static async Task<List<string>> RunAsync(HttpClient client)
    {
        var log = new List<string>();
        var dids = new List<string>();

        async Task<JsonNode> Call(HttpMethod method, string nsid, object? body = null, string? token = null)
        {
            using var response = await Send(method, "/xrpc/" + nsid, body, token);
            var text = await response.Content.ReadAsStringAsync();
            var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text)! : new JsonObject();
            if (json["did"]?.GetValue<string>() is { } newDid && !dids.Contains(newDid))
            {
                dids.Add(newDid);
            }

            log.Add($"{method} {nsid} {Describe(response, nsid == "com.atproto.sync.getRepo" ? $"<{text.Length > 0} bytes>" : text)}");
            return json;
        }

        async Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string? token = null)
        {
            if (method == HttpMethod.Get && body is not null)
            {
                path += "?" + string.Join('&', System.Text.Json.JsonSerializer.SerializeToElement(body).EnumerateObject()
                    .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value.GetString()!)}"));
            }

            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("Origin", "https://app.example.com");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (method == HttpMethod.Post)
            {
                request.Content = body is string raw
                    ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
                    : System.Net.Http.Json.JsonContent.Create(body ?? new { });
            }

            return await client.SendAsync(request);
        }

        string Describe(HttpResponseMessage response, string body)
        {
            var headers = ComparedHeaders
                .Select(h => (h, v: response.Headers.TryGetValues(h, out var v) || response.Content.Headers.TryGetValues(h, out v) ? string.Join(",", v) : null))
                .Where(p => p.v is not null)
                .Select(p => $"{p.h}: {p.v}");
            return $"{(int)response.StatusCode} [{string.Join("; ", headers)}] {Normalise(body, dids)}";
        }

        async Task Raw(HttpMethod method, string path)
        {
            using var response = await Send(method, path);
            log.Add($"{method} {path} {Describe(response, await response.Content.ReadAsStringAsync())}");
        }

        await Raw(HttpMethod.Get, "/xrpc/_health");
        await Raw(HttpMethod.Get, "/");
        await Raw(HttpMethod.Get, "/no/such/path");
        await Raw(HttpMethod.Get, "/xrpc/com.atproto.server.describeServer/extra");
        await Raw(HttpMethod.Get, "/.well-known/did.json");
        var account = await Call(HttpMethod.Post, "com.atproto.server.createAccount", new { handle = "alice.test", email = "alice@example.com", password = "password-123" });
        await Call(HttpMethod.Post, "com.atproto.server.createAccount", new { handle = "alice.test", email = "other@example.com", password = "password-123" });
        var session = await Call(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = "alice.test", password = "password-123" });
        await Call(HttpMethod.Post, "com.atproto.server.createSession", new { identifier = "alice.test", password = "wrong-password" });
        var token = session["accessJwt"]!.GetValue<string>();
        var did = dids[0];
        var created = await Call(HttpMethod.Post, "com.atproto.repo.createRecord", new
        {
            repo = did,
            collection = "app.bsky.feed.post",
            rkey = "3kaaaaaaaaaa2",
            record = new { text = "hello from both hosts", createdAt = "2026-12-05T09:00:00.000Z" },
        }, token);
        await Call(HttpMethod.Post, "com.atproto.repo.createRecord", new { repo = did, collection = "app.bsky.feed.post", record = new { text = 5 } }, token);
        await Call(HttpMethod.Post, "com.atproto.repo.createRecord", new { repo = did, record = new { } }, token);
        await Call(HttpMethod.Post, "com.atproto.repo.createRecord", "{\"repo\":", token);
        await Call(HttpMethod.Post, "com.atproto.repo.createRecord", new { repo = did, collection = "app.bsky.feed.post", record = new { } });
        await Call(HttpMethod.Get, "com.atproto.repo.getRecord", new { repo = did, collection = "app.bsky.feed.post", rkey = "3kaaaaaaaaaa2" });
        await Call(HttpMethod.Get, "com.atproto.repo.getRecord", new { repo = did, collection = "app.bsky.feed.post", rkey = "3kaaaaaaaaaz2" });
        await Call(HttpMethod.Get, "com.atproto.repo.getRecord", new { repo = "not a did", collection = "app.bsky.feed.post", rkey = "x" });
        await Call(HttpMethod.Get, "com.atproto.sync.getRepo", new { did });
        await Call(HttpMethod.Get, "com.atproto.sync.getRepo", new { did = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" });
        await Call(HttpMethod.Get, "com.atproto.repo.createRecord");
        await Call(HttpMethod.Get, "com.example.notImplemented");
        Assert.NotNull(created["uri"]);
        return log;
    }

    /// <summary>Replaces what differs between two PDSs for the same calls: the DIDs, JWTs, CIDs, public keys (multibase) and TIDs (revs).</summary>
    private static string Normalise(string text, List<string> dids)
    {
        foreach (var did in dids)
        {
            text = text.Replace(did, "<did>", StringComparison.Ordinal);
        }

        text = Jwt().Replace(text, "<jwt>");
        text = Cid().Replace(text, "<cid>");
        text = Multibase().Replace(text, "<key>");
        text = Tid().Replace(text, "<tid>");
        return text;
    }

    [GeneratedRegex("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")]
    private static partial Regex Jwt();

    [GeneratedRegex("bafy[a-z2-7]{20,}")]
    private static partial Regex Cid();

    [GeneratedRegex("\\bz[1-9A-HJ-NP-Za-km-z]{40,}")]
    private static partial Regex Multibase();

    [GeneratedRegex("\\b[2-7a-z]{13}\\b")]
    private static partial Regex Tid();
}
