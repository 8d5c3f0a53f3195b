using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessPds.Pds.Proxy;
using ServerlessPds.Pds.ReadAfterWrite;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The read-after-write step of proxying (<see cref="ReadAfterWriteService"/>): only when the AppView's answer is a
/// 200 JSON body with an <c>atproto-repo-rev</c> older than the caller's repo is it buffered (at most
/// <see cref="ProxyOptions.MaxResponseBytes"/>), patched and answered with <c>Atproto-Upstream-Lag</c>; otherwise it
/// streams through untouched.
/// </summary>
public static class XrpcReadAfterWrite
{
    /// <summary>Answers the request with the patched upstream answer when there is something to patch.</summary>
    /// <param name="context">The request.</param>
    /// <param name="options">The proxy settings.</param>
    /// <param name="upstream">The AppView's answer, body unread.</param>
    /// <param name="nsid">The method.</param>
    /// <param name="did">The caller.</param>
    /// <returns><see langword="true"/> if the response was written; <see langword="false"/> to stream the upstream answer.</returns>
    public static async Task<bool> TryAnswerAsync(HttpContext context, ProxyOptions options, HttpResponseMessage upstream, string nsid, Did did)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(upstream);
        if ((int)upstream.StatusCode != 200 || XrpcProxy.IsJson(upstream.Content.Headers.ContentType) == false
            || upstream.Content.Headers.ContentEncoding.Any(e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase))
            || !upstream.Headers.TryGetValues(ProxyHeaders.RepoRev, out var revs))
        {
            return false;
        }
        var service = context.RequestServices.GetRequiredService<ReadAfterWriteService>();
        var local = await service.GetRecordsSinceAsync(did, revs.First(), context.RequestAborted);
        if (local.IsEmpty)
        {
            return false;
        }
        var body = await XrpcProxy.ReadBoundedAsync(upstream, options, context.RequestAborted);
        var response = context.Response;
        response.StatusCode = 200;
        XrpcProxy.CopyHeaders(upstream, response, ProxyHeaders.Response);
        response.ContentType = upstream.Content.Headers.ContentType?.ToString() ?? "application/json";
        JsonObject? output = null;
        try
        {
            output = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            // Not JSON after all: passed on as it came.
        }
        var actor = context.Request.Query["actor"].ToString();
        if (output is not null && await service.MungeAsync(nsid, did, actor.Length == 0 ? null : actor, output, local, context.RequestAborted))
        {
            if (local.Oldest is { } oldest)
            {
                response.Headers[ProxyHeaders.UpstreamLag] = ((long)(DateTimeOffset.UtcNow - oldest).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            }
            response.ContentType = "application/json; charset=utf-8";
            body = JsonSerializer.SerializeToUtf8Bytes(output);
        }
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
        return true;
    }
}
