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
/// streams through untouched. A <c>getPostThread</c> <c>NotFound</c> with an older rev may be answered from local
/// records (<see cref="ReadAfterWriteService.BuildThreadAsync"/>), the parent thread fetched from the same service.
/// </summary>
public static class XrpcReadAfterWrite
{
    /// <summary>Answers the request with the patched upstream answer when there is something to patch.</summary>
    /// <param name="context">The request.</param>
    /// <param name="http">The outbound client (and proxy settings).</param>
    /// <param name="upstream">The AppView's answer, body unread.</param>
    /// <param name="nsid">The method.</param>
    /// <param name="did">The caller.</param>
    /// <param name="target">Where the call went.</param>
    /// <param name="token">The service-auth JWT it carried (<c>lxm</c> <paramref name="nsid"/>).</param>
    /// <returns><see langword="true"/> if the response was written; <see langword="false"/> to pass the upstream answer on.</returns>
    public static async Task<bool> TryAnswerAsync(HttpContext context, ProxyHttpClient http, HttpResponseMessage upstream, string nsid, Did did, ProxyTarget target, string token)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(upstream);
        var status = (int)upstream.StatusCode;
        if ((status != 200 && (status < 400 || nsid != ReadAfterWriteService.GetPostThread)) || XrpcProxy.IsJson(upstream.Content.Headers.ContentType) == false
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
        var body = await XrpcProxy.ReadBoundedAsync(upstream, http.Options, context.RequestAborted);
        if (status != 200)
        {
            // The body stays buffered for the error answer when nothing is built here.
            var query = context.Request.Query;
            var built = ProxyUpstreamError.From(status, body).Error == "NotFound"
                ? await service.BuildThreadAsync(did, query["uri"].ToString(), local,
                    (uri, ct) => GetThreadAsync(http, target, token, uri, query["parentHeight"].ToString(), ct), context.RequestAborted)
                : null;
            if (built is null)
            {
                return false;
            }
            await WriteAsync(context, upstream, JsonSerializer.SerializeToUtf8Bytes(built), local);
            return true;
        }
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
            await WriteAsync(context, upstream, JsonSerializer.SerializeToUtf8Bytes(output), local);
            return true;
        }
        var response = context.Response;
        response.StatusCode = 200;
        XrpcProxy.CopyHeaders(upstream, response, ProxyHeaders.Response);
        response.ContentType = upstream.Content.Headers.ContentType?.ToString() ?? "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
        return true;
    }

    private static async Task WriteAsync(HttpContext context, HttpResponseMessage upstream, byte[] body, LocalRecords local)
    {
        var response = context.Response;
        response.StatusCode = 200;
        XrpcProxy.CopyHeaders(upstream, response, ProxyHeaders.Response);
        response.Headers.Remove("retry-after");
        if (local.Oldest is { } oldest)
        {
            response.Headers[ProxyHeaders.UpstreamLag] = ((long)(DateTimeOffset.UtcNow - oldest).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static async Task<JsonNode?> GetThreadAsync(ProxyHttpClient http, ProxyTarget target, string token, string uri, string parentHeight, CancellationToken cancellationToken)
    {
        var query = "?uri=" + Uri.EscapeDataString(uri) + "&depth=0" + (parentHeight.Length > 0 ? "&parentHeight=" + Uri.EscapeDataString(parentHeight) : "");
        using var request = new HttpRequestMessage(HttpMethod.Get, target.Endpoint.GetLeftPart(UriPartial.Authority) + "/xrpc/" + ReadAfterWriteService.GetPostThread + query);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("accept-encoding", "identity");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(http.Options.HeadersTimeout);
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode
                ? (JsonNode.Parse(await XrpcProxy.ReadBoundedAsync(response, http.Options, cancellationToken)) as JsonObject)?["thread"]
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null; // the thread is answered without its parents, as the reference
        }
    }
}
