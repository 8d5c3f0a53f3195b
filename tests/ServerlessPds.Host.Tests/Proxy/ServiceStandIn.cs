using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Proxy;

/// <summary>
/// A service the PDS proxies to (an AppView, chat or labeler stand-in): a real Kestrel server on 127.0.0.1 that
/// verifies every request's service-auth JWT (ES256K signature against the issuer's key resolved from the real PLC
/// directory, <c>aud</c> its own DID, <c>lxm</c> the called method), records the call, and answers like the service:
/// <c>app.bsky.feed.getTimeline</c>, <c>app.bsky.actor.getProfile</c>, <c>app.bsky.feed.getPostThread</c> (the threads it
/// knows, else 400 <c>NotFound</c>), <c>app.bsky.feed.getActorLikes</c>, <c>chat.bsky.convo.listConvos</c>, plus test
/// methods <c>io.example.large</c> (a streamed body of <c>bytes</c> bytes), <c>io.example.echo</c> (the SHA-256 of the
/// posted body) and <c>io.example.fail</c> (an XRPC error of <c>status</c>).
/// </summary>
public sealed class ServiceStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IPlcDirectory _plc;

    private ServiceStandIn(WebApplication app, string did, IPlcDirectory plc)
    {
        _app = app;
        Did = did;
        _plc = plc;
    }

    /// <summary>Gets the DID the stand-in expects as <c>aud</c>.</summary>
    public string Did { get; }

    /// <summary>Gets the base URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Gets every call whose token verified, in order.</summary>
    public ConcurrentQueue<StandInCall> Calls { get; } = new();

    /// <summary>Gets or sets the <c>atproto-repo-rev</c> the stand-in reports, or <see langword="null"/> for none.</summary>
    public string? RepoRev { get; set; }

    /// <summary>Gets or sets the timeline feed the stand-in answers with.</summary>
    public JsonArray Feed { get; set; } = [];

    /// <summary>Gets the threads the stand-in knows, by the AT URI of their post (answered whatever the depth).</summary>
    public ConcurrentDictionary<string, JsonObject> Threads { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the <c>getActorLikes</c> feed the stand-in answers with.</summary>
    public JsonArray Likes { get; set; } = [];

    /// <summary>Starts a stand-in on a free loopback port.</summary>
    public static async Task<ServiceStandIn> StartAsync(string did, IPlcDirectory plc, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var standIn = new ServiceStandIn(app, did, plc);
        app.Map("/xrpc/{nsid}", standIn.HandleAsync);
        await app.StartAsync();
        standIn.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    private async Task HandleAsync(HttpContext context, string nsid)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        ServiceJwtClaims claims;
        try
        {
            claims = await ServiceJwt.VerifyAsync(auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : null, Did, nsid, ResolveKeyAsync, DateTimeOffset.UtcNow);
        }
        catch (JwtException e)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { error = "BadJwt", message = e.Message });
            return;
        }
        Calls.Enqueue(new StandInCall(nsid, claims, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())));
        if (RepoRev is not null)
        {
            context.Response.Headers["atproto-repo-rev"] = RepoRev;
        }
        context.Response.Headers["atproto-content-labelers"] = "did:plc:labeler";
        context.Response.Headers["x-not-passed"] = "secret";
        var query = context.Request.Query;
        switch (nsid)
        {
            case "app.bsky.feed.getTimeline":
                await context.Response.WriteAsJsonAsync(new JsonObject { ["feed"] = Feed.DeepClone(), ["cursor"] = "c1" });
                break;
            case "app.bsky.actor.getProfile":
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["did"] = query["actor"].ToString(), ["handle"] = "handle.invalid", ["displayName"] = "Stale Name", ["followersCount"] = 7,
                });
                break;
            case "app.bsky.feed.getPostThread":
                if (Threads.TryGetValue(query["uri"].ToString(), out var thread))
                {
                    await context.Response.WriteAsJsonAsync(new JsonObject { ["thread"] = thread.DeepClone() });
                }
                else
                {
                    context.Response.StatusCode = 400;
                    await context.Response.WriteAsJsonAsync(new { error = "NotFound", message = "Post not found: " + query["uri"] });
                }
                break;
            case "app.bsky.feed.getActorLikes":
                await context.Response.WriteAsJsonAsync(new JsonObject { ["feed"] = Likes.DeepClone() });
                break;
            case "chat.bsky.convo.listConvos":
                await context.Response.WriteAsJsonAsync(new JsonObject { ["convos"] = new JsonArray(), ["service"] = Did });
                break;
            case "io.example.large":
                var bytes = long.Parse(query["bytes"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentType = "application/octet-stream";
                var chunk = new byte[64 * 1024];
                for (long sent = 0; sent < bytes; sent += chunk.Length)
                {
                    chunk.AsSpan().Fill((byte)(sent / chunk.Length));
                    await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - sent)));
                }
                break;
            case "io.example.echo":
                var hash = await SHA256.HashDataAsync(context.Request.Body);
                await context.Response.WriteAsJsonAsync(new { sha256 = Convert.ToHexStringLower(hash), contentType = context.Request.ContentType });
                break;
            case "io.example.fail":
                context.Response.StatusCode = int.Parse(query["status"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers.RetryAfter = "5";
                await context.Response.WriteAsJsonAsync(new { error = "CustomError", message = "the stand-in refused" });
                break;
            default:
                context.Response.StatusCode = 501;
                await context.Response.WriteAsJsonAsync(new { error = "MethodNotImplemented", message = "not here" });
                break;
        }
    }

    private async ValueTask<PublicKey?> ResolveKeyAsync(Did issuer, string? serviceId, bool forceRefresh, CancellationToken cancellationToken) =>
        (await _plc.GetDocumentAsync(issuer, cancellationToken))?.SigningKey;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A call the stand-in accepted.</summary>
/// <param name="Nsid">The method.</param>
/// <param name="Claims">The verified token claims.</param>
/// <param name="Headers">The request headers, names lower-cased.</param>
/// <param name="Query">The query parameters.</param>
public sealed record StandInCall(string Nsid, ServiceJwtClaims Claims, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Query);
