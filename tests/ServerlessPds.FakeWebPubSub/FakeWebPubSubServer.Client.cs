using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServerlessPds.FakeWebPubSub;

/// <summary>The client side of the fake: WebSocket connects and the upstream events they cause.</summary>
public sealed partial class FakeWebPubSubServer
{
    private async Task ClientAsync(HttpContext context, string hub)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (!await HandshakeAsync())
        {
            context.Response.StatusCode = 502;
            return;
        }

        var connectionId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var connectBody = new JsonObject
        {
            ["claims"] = new JsonObject(),
            ["query"] = Multi(context.Request.Query.Select(q => (q.Key, (IEnumerable<string?>)q.Value))),
            ["headers"] = Multi(context.Request.Headers.Select(h => (h.Key, (IEnumerable<string?>)h.Value))),
            ["subprotocols"] = new JsonArray([.. context.WebSockets.WebSocketRequestedProtocols.Select(p => (JsonNode)p)]),
            ["clientCertificates"] = new JsonArray(),
        };
        using var answer = await CallAsync(hub, connectionId, "connect", "azure.webpubsub.sys.connect", null, null, connectBody);
        var answerBytes = await answer.Content.ReadAsByteArrayAsync();
        if (!answer.IsSuccessStatusCode)
        {
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
            await context.Response.Body.WriteAsync(answerBytes);
            return;
        }

        JsonNode? parsed = null;
        try
        {
            parsed = answerBytes.Length == 0 ? null : JsonNode.Parse(answerBytes);
        }
        catch (JsonException)
        {
        }

        var userId = parsed?["userId"]?.GetValue<string>();
        if (string.IsNullOrEmpty(userId))
        {
            Refusals.Enqueue($"connect answer without userId for an anonymous connection: {Encoding.UTF8.GetString(answerBytes)}");
            context.Response.StatusCode = 401;
            return;
        }

        var state = answer.Headers.TryGetValues("ce-connectionState", out var states) ? states.Single() : null;
        var subprotocol = parsed?["subprotocol"]?.GetValue<string>();
        using var socket = await context.WebSockets.AcceptWebSocketAsync(string.IsNullOrEmpty(subprotocol) ? null : subprotocol);
        var connection = new FakeConnection(connectionId, hub, socket, state);
        _connections[connectionId] = connection;
        var running = connection.RunAsync(_stopping.Token);
        _ = FireAndForgetAsync(hub, connectionId, userId, "connected", "azure.webpubsub.sys.connected", state, new JsonObject());
        var reason = await running;
        _connections.TryRemove(connectionId, out _);
        await FireAndForgetAsync(hub, connectionId, userId, "disconnected", "azure.webpubsub.sys.disconnected", state, new JsonObject { ["reason"] = reason });
    }

    /// <summary>The abuse-protection handshake, once per fake: OPTIONS with <c>WebHook-Request-Origin</c>.</summary>
    private async Task<bool> HandshakeAsync()
    {
        if (_validated)
        {
            return true;
        }

        await _handshake.WaitAsync();
        try
        {
            if (!_validated)
            {
                using var request = new HttpRequestMessage(HttpMethod.Options, UpstreamUrl);
                request.Headers.Add("WebHook-Request-Origin", Endpoint.Host);
                request.Headers.Add("ce-awpsversion", "1.0"); // @azure/web-pubsub-express answers only requests that carry it
                using var response = await Upstream.SendAsync(request);
                var allowed = response.Headers.TryGetValues("WebHook-Allowed-Origin", out var values) ? string.Join(",", values) : null;
                _validated = response.IsSuccessStatusCode && allowed is not null
                    && allowed.Split(',').Select(v => v.Trim()).Any(v => v == "*" || string.Equals(v, Endpoint.Host, StringComparison.OrdinalIgnoreCase));
                if (!_validated)
                {
                    Refusals.Enqueue($"abuse-protection handshake failed: {(int)response.StatusCode}, WebHook-Allowed-Origin {allowed ?? "absent"}");
                }
            }

            return _validated;
        }
        finally
        {
            _handshake.Release();
        }
    }

    private async Task FireAndForgetAsync(string hub, string connectionId, string userId, string eventName, string type, string? state, JsonObject body)
    {
        try
        {
            using var response = await CallAsync(hub, connectionId, eventName, type, userId, state, body);
            if (!response.IsSuccessStatusCode)
            {
                Refusals.Enqueue($"upstream answered {(int)response.StatusCode} to {eventName} of {connectionId}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Refusals.Enqueue($"upstream {eventName} of {connectionId} failed: {e.Message}");
        }
    }

    private Task<HttpResponseMessage> CallAsync(string hub, string connectionId, string eventName, string type, string? userId, string? state, JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, UpstreamUrl)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var headers = request.Headers;
        headers.Add("WebHook-Request-Origin", Endpoint.Host);
        headers.Add("ce-specversion", "1.0");
        headers.Add("ce-type", type);
        headers.Add("ce-source", $"/hubs/{hub}/client/{connectionId}");
        headers.Add("ce-id", Guid.NewGuid().ToString("N"));
        headers.Add("ce-time", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        headers.Add("ce-awpsversion", "1.0");
        headers.Add("ce-signature", string.Join(",", Keys.Select(k => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(k), Encoding.UTF8.GetBytes(connectionId))))));
        if (userId is not null)
        {
            headers.Add("ce-userId", userId);
        }

        headers.Add("ce-connectionId", connectionId);
        headers.Add("ce-hub", hub);
        headers.Add("ce-eventName", eventName);
        if (state is not null)
        {
            headers.Add("ce-connectionState", state);
        }

        return SendDisposingAsync(request);
    }

    private static async Task<HttpResponseMessage> SendDisposingAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Upstream.SendAsync(request);
        }
    }

    private static JsonObject Multi(IEnumerable<(string Key, IEnumerable<string?> Values)> pairs)
    {
        var result = new JsonObject();
        foreach (var (key, values) in pairs)
        {
            result[key] = new JsonArray([.. values.Select(v => (JsonNode?)v)]);
        }

        return result;
    }
}
