using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Extensions;

namespace ServerlessPds.FakeWebPubSub;

/// <summary>
/// A local fake of Azure Web PubSub on Kestrel. Implements what learn.microsoft.com documents for the parts the PDS
/// uses, and refuses what the service would refuse:
/// <list type="bullet">
/// <item>REST (api-version required; <c>Authorization: Bearer</c> JWT HS256 with an access key, <c>aud</c> the request
/// URL): <c>POST /api/hubs/{hub}/connections/{id}/:send</c> (202; binary for <c>application/octet-stream</c>, text for
/// <c>text/plain</c>/<c>application/json</c>; 413 over 1 MiB; a gone connection drops it),
/// <c>DELETE /api/hubs/{hub}/connections/{id}?reason=</c> (204, after what was queued), <c>HEAD .../connections/{id}</c> (200/404).</item>
/// <item>Clients: <c>/client/hubs/{hub}</c> (and <see cref="FrontPath"/>, the path the front rewrites to the default
/// hub), WebSocket, no subprotocol needed, messages passed as they are.</item>
/// <item>Upstream (CloudEvents binary mode): one OPTIONS abuse-protection handshake (<c>WebHook-Request-Origin</c>,
/// must answer <c>WebHook-Allowed-Origin</c>), then <c>connect</c> (blocking: 4xx/5xx refuses the client with that
/// answer; a user id is required from the answer), <c>connected</c> and <c>disconnected</c>, each with
/// <c>ce-specversion</c>, <c>ce-type</c>, <c>ce-source</c>, <c>ce-id</c>, <c>ce-time</c>, <c>ce-awpsversion</c>,
/// <c>ce-hub</c>, <c>ce-connectionId</c>, <c>ce-userId</c>, <c>ce-eventName</c>, <c>ce-signature</c> (one
/// <c>sha256=</c> value per key) and <c>ce-connectionState</c> once set.</item>
/// </list>
/// </summary>
public sealed partial class FakeWebPubSubServer : IAsyncDisposable
{
    /// <summary>The path the front rewrites to <c>/client/hubs/{default hub}</c>.</summary>
    public const string FrontPath = "/xrpc/com.atproto.sync.subscribeRepos";

    /// <summary>The REST body limit (1 MiB).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly HttpClient Upstream = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeConnection> _connections = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _handshake = new(1, 1);
    private bool _validated;

    private FakeWebPubSubServer(WebApplication app, Uri upstream, string hub, string[] keys)
    {
        _app = app;
        UpstreamUrl = upstream;
        DefaultHub = hub;
        Keys = keys;
        Endpoint = new Uri(app.Urls.Single());
    }

    /// <summary>Gets the service endpoint, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the hub the front path goes to.</summary>
    public string DefaultHub { get; }

    /// <summary>Gets the primary and secondary access keys.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Gets or sets the upstream event handler URL (settable, so a host started after the fake can be named).</summary>
    public Uri UpstreamUrl { get; set; }

    /// <summary>Gets the connection string of the primary key.</summary>
    public string ConnectionString => $"Endpoint={Endpoint.GetLeftPart(UriPartial.Authority)};AccessKey={Keys[0]};Version=1.0;";

    /// <summary>Gets the ids of the open connections.</summary>
    public IReadOnlyCollection<string> ConnectionIds => [.. _connections.Keys];

    /// <summary>Gets every REST call and upstream answer the fake refused, for tests to show.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>Gets the count of REST sends accepted.</summary>
    public long SendsAccepted => Interlocked.Read(ref _sends);

    private long _sends;

    /// <summary>Starts the fake on a loopback port (0: any free one).</summary>
    public static async Task<FakeWebPubSubServer> StartAsync(Uri upstream, string hub = "firehose", string? accessKey = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 4 * MaxBodyBytes);
        var app = builder.Build();
        app.UseWebSockets();
        string[] keys = [accessKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))];
        FakeWebPubSubServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        server = new FakeWebPubSubServer(app, upstream, hub, keys);
        return server;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path == FrontPath)
        {
            return ClientAsync(context, DefaultHub);
        }

        if (ClientPath().Match(path) is { Success: true } client)
        {
            return ClientAsync(context, client.Groups[1].Value);
        }

        if (ConnectionPath().Match(path) is { Success: true } rest)
        {
            return RestAsync(context, rest.Groups[1].Value, Uri.UnescapeDataString(rest.Groups[2].Value), rest.Groups[3].Value);
        }

        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private async Task RestAsync(HttpContext context, string hub, string connectionId, string action)
    {
        var request = context.Request;
        if (string.IsNullOrEmpty(request.Query["api-version"]))
        {
            await RefuseAsync(context, 400, "api-version is required");
            return;
        }

        if (FakeJwt.Check(request.Headers.Authorization, request.GetEncodedUrl(), Keys, DateTimeOffset.UtcNow) is { } why)
        {
            await RefuseAsync(context, 401, why);
            return;
        }

        _connections.TryGetValue(connectionId, out var connection);
        connection = connection?.Hub == hub ? connection : null;
        switch (request.Method, action)
        {
            case ("POST", "/:send"):
                var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                if (body.Length > MaxBodyBytes)
                {
                    await RefuseAsync(context, 413, $"the message is {body.Length} bytes, over {MaxBodyBytes}");
                    return;
                }

                var type = request.ContentType?.Split(';')[0].Trim() switch
                {
                    "application/octet-stream" => WebSocketMessageType.Binary,
                    "text/plain" or "application/json" => WebSocketMessageType.Text,
                    var other => (WebSocketMessageType?)null,
                };
                if (type is null)
                {
                    await RefuseAsync(context, 400, $"unsupported Content-Type {request.ContentType}");
                    return;
                }

                connection?.Enqueue(body.ToArray(), type.Value);
                Interlocked.Increment(ref _sends);
                context.Response.StatusCode = 202;
                return;
            case ("DELETE", ""):
                connection?.Close(request.Query["reason"].ToString());
                context.Response.StatusCode = 204;
                return;
            case ("HEAD", ""):
                context.Response.StatusCode = connection is null ? 404 : 200;
                return;
            default:
                await RefuseAsync(context, 405, $"{request.Method} {request.Path} is not an operation of this fake");
                return;
        }
    }

    private async Task RefuseAsync(HttpContext context, int status, string why)
    {
        Refusals.Enqueue($"{status} {context.Request.Method} {context.Request.Path}: {why}");
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { code = "Refused", message = why });
    }

    [GeneratedRegex("^/client/hubs/([A-Za-z][A-Za-z0-9_]*)/?$")]
    private static partial Regex ClientPath();

    [GeneratedRegex("^/api/hubs/([A-Za-z][A-Za-z0-9_]*)/connections/([^/]+)(/:send)?$")]
    private static partial Regex ConnectionPath();
}
