using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Firehose;
using ServerlessPds.Pds.Firehose;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>The firehose: <c>com.atproto.sync.subscribeRepos</c> over WebSocket.</summary>
/// <remarks>
/// Lexicon com.atproto.sync.subscribeRepos; spec atproto.com/specs/event-stream. The <c>cursor</c> is checked before
/// the upgrade (400 <c>InvalidRequest</c> when it is not a non-negative integer), and so is the log (503
/// <c>ServiceUnavailable</c> when it cannot be read); a request without a WebSocket upgrade gets 400
/// <c>InvalidRequest</c>. After the upgrade, errors are error frames (<c>FutureCursor</c>, <c>ConsumerTooSlow</c>).
/// </remarks>
public static class ComAtprotoSyncSubscribeEndpoints
{
    /// <summary>The method's NSID.</summary>
    public const string SubscribeRepos = "com.atproto.sync.subscribeRepos";

    /// <summary>Maps the method on the <c>/xrpc</c> group (GET with a WebSocket upgrade).</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoSyncSubscribe(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery(SubscribeRepos, SubscribeReposAsync);
        return xrpc;
    }

    private static async Task SubscribeReposAsync(
        HttpContext context, FirehoseHub hub, IOptions<PdsOptions> options, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var cursor = FirehoseCursor.Parse(context.Request.Query["cursor"]);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw XrpcException.InvalidRequest($"{SubscribeRepos} is a subscription: connect with a WebSocket upgrade (wss://host/xrpc/{SubscribeRepos}).");
        }

        var settings = options.Value.Firehose;
        await using var subscription = await hub.OpenAsync(cursor, context.RequestAborted).ConfigureAwait(false);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = settings.KeepAliveInterval,
            KeepAliveTimeout = settings.KeepAliveTimeout,
        }).ConfigureAwait(false);
        await FirehoseWebSocketTransport.RunAsync(
            socket, subscription, settings.CloseTimeout, loggers.CreateLogger(typeof(ComAtprotoSyncSubscribeEndpoints)), lifetime.ApplicationStopping, context.RequestAborted)
            .ConfigureAwait(false);
    }
}
