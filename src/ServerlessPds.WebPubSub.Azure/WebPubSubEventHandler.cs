using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.WebPubSub.Azure;

/// <summary>
/// The hub's upstream event handler (CloudEvents over HTTP), host-neutral: the standalone host maps it at
/// <c>/webpubsub/events</c>, the function app's HTTP trigger calls it the same way.
/// </summary>
/// <remarks>
/// learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events. Every request must carry
/// <c>WebHook-Request-Origin</c> equal to <see cref="WebPubSubEventHandlerOptions.AllowedOrigin"/> (else 403), and a
/// POST <c>ce-hub</c> equal to the hub (else 400) and, when access keys are known, a <c>ce-signature</c> holding
/// <c>sha256=</c> hex HMAC-SHA256(key, <c>ce-connectionId</c>) (else 401).
/// <list type="bullet">
/// <item><c>OPTIONS</c>: the abuse-protection handshake, answered <c>WebHook-Allowed-Origin</c>.</item>
/// <item><c>connect</c> (blocking): checks the <c>cursor</c> of the client's query; a bad one is refused 400
/// <c>InvalidRequest</c> with the XRPC error body, which the service returns to the client's upgrade, as the standalone
/// host does. Otherwise 200 with the user id and the cursor kept as <c>ce-connectionState</c> (base64 JSON
/// <c>{"cursor":"N"}</c>). A future cursor is accepted here: its <c>FutureCursor</c> error frame follows.</item>
/// <item><c>connected</c>: starts the connection's pump from that cursor (<see cref="FirehoseConnectionPumps"/>); if
/// the log cannot be read the connection is closed, so the consumer retries.</item>
/// <item><c>disconnected</c>: stops the pump. Other events: 204.</item>
/// </list>
/// </remarks>
/// <param name="pumps">The connection pumps.</param>
/// <param name="connections">The service's connections (to close one, or ask whether it is gone).</param>
/// <param name="options">Settings.</param>
public sealed class WebPubSubEventHandler(FirehoseConnectionPumps pumps, IFirehoseConnections connections, WebPubSubEventHandlerOptions options)
{
    /// <summary>The <c>ce-type</c> of the blocking <c>connect</c> event.</summary>
    public const string ConnectType = "azure.webpubsub.sys.connect";

    /// <summary>The <c>ce-type</c> of the <c>connected</c> event.</summary>
    public const string ConnectedType = "azure.webpubsub.sys.connected";

    /// <summary>The <c>ce-type</c> of the <c>disconnected</c> event.</summary>
    public const string DisconnectedType = "azure.webpubsub.sys.disconnected";

    /// <summary>Handles one request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">A token that cancels handling.</param>
    /// <returns>The answer to write.</returns>
    public async Task<WebPubSubEventResponse> HandleAsync(WebPubSubEventRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var origin = Header(request, "WebHook-Request-Origin");
        if (origin is null || !string.Equals(origin, options.AllowedOrigin, StringComparison.OrdinalIgnoreCase))
        {
            return WebPubSubEventResponse.Empty(403);
        }

        if (string.Equals(request.Method, "OPTIONS", StringComparison.OrdinalIgnoreCase))
        {
            return new WebPubSubEventResponse(200, new Dictionary<string, string> { ["WebHook-Allowed-Origin"] = origin }, null, []);
        }

        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return WebPubSubEventResponse.Empty(405);
        }

        var connectionId = Header(request, "ce-connectionId");
        if (connectionId is null || !string.Equals(Header(request, "ce-hub"), options.Hub, StringComparison.OrdinalIgnoreCase))
        {
            return WebPubSubEventResponse.Empty(400);
        }

        if (options.AccessKeys.Count > 0 && !WebPubSubSignature.Matches(Header(request, "ce-signature"), connectionId, options.AccessKeys))
        {
            return WebPubSubEventResponse.Empty(401);
        }

        return Header(request, "ce-type") switch
        {
            ConnectType => Connect(request),
            ConnectedType => await ConnectedAsync(request, connectionId, cancellationToken).ConfigureAwait(false),
            DisconnectedType => await DisconnectedAsync(connectionId, cancellationToken).ConfigureAwait(false),
            _ => WebPubSubEventResponse.Empty(204),
        };
    }

    private WebPubSubEventResponse Connect(WebPubSubEventRequest request)
    {
        long? cursor;
        try
        {
            cursor = FirehoseCursor.Parse(QueryValues(request.Body.Span, "cursor"));
        }
        catch (XrpcException e)
        {
            var error = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["error"] = e.Error.Value, ["message"] = e.Message });
            return new WebPubSubEventResponse(e.Status, new Dictionary<string, string>(), "application/json; charset=utf-8", error);
        }

        var state = new JsonObject();
        if (cursor is { } c)
        {
            state["cursor"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var headers = new Dictionary<string, string> { ["ce-connectionState"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(state)) };
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["userId"] = options.UserId });
        return new WebPubSubEventResponse(200, headers, "application/json; charset=utf-8", body);
    }

    private async Task<WebPubSubEventResponse> ConnectedAsync(WebPubSubEventRequest request, string connectionId, CancellationToken cancellationToken)
    {
        long? cursor = null;
        if (StateCursor(Header(request, "ce-connectionState")) is { } text)
        {
            cursor = FirehoseCursor.Parse([text]);
        }

        try
        {
            await pumps.StartAsync(connectionId, cursor, cancellationToken).ConfigureAwait(false);
        }
        catch (XrpcException)
        {
            await connections.CloseAsync(connectionId, "the event log could not be read; reconnect with your cursor", cancellationToken).ConfigureAwait(false);
        }

        return WebPubSubEventResponse.Empty(200);
    }

    private async Task<WebPubSubEventResponse> DisconnectedAsync(string connectionId, CancellationToken cancellationToken)
    {
        if (options.AccessKeys.Count == 0 && await connections.ExistsAsync(connectionId, cancellationToken).ConfigureAwait(false))
        {
            return WebPubSubEventResponse.Empty(200);
        }

        await pumps.StopAsync(connectionId).ConfigureAwait(false);
        return WebPubSubEventResponse.Empty(200);
    }

    private static string? Header(WebPubSubEventRequest request, string name) =>
        request.Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Reads <c>query[name]</c> (an array of strings) from a <c>connect</c> body.</summary>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: the body is not the documented JSON.</exception>
    private static List<string?>? QueryValues(ReadOnlySpan<byte> body, string name)
    {
        try
        {
            var query = JsonNode.Parse(body)?["query"] as JsonObject;
            var found = query?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Value;
            return found switch
            {
                null => null,
                JsonArray values => [.. values.Select(v => v?.GetValue<string>())],
                JsonValue value => [value.GetValue<string>()],
                _ => throw XrpcException.InvalidRequest($"The connect event's query.{name} is not a list of strings."),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw XrpcException.InvalidRequest($"The connect event's body is not the documented JSON: {e.Message}");
        }
    }

    private static string? StateCursor(string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(state)))?["cursor"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
