using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.ReadAfterWrite;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Proxy;

/// <summary>
/// Read-after-write: when the AppView's answer to one of <see cref="ReadAfterWriteService.Methods"/> is older
/// (<c>atproto-repo-rev</c>) than the caller's repo, the caller's newer records are patched into it, as the reference PDS
/// does; a <c>getPostThread</c> <c>NotFound</c> for the caller's own new post is answered from the repo.
/// </summary>
public sealed partial class XrpcProxy
{
    /// <summary>Answers a read with the caller's recent writes patched in.</summary>
    /// <returns>The answer, or <see langword="null"/> to relay the upstream response unread.</returns>
    private async Task<XrpcResult?> TryReadAfterWriteAsync(XrpcCall call, XrpcUpstreamResponse response, Did did, ProxyTarget target, string token)
    {
        var nsid = call.Nsid.Value;
        var status = response.Status;
        if ((status != 200 && (status < 400 || nsid != ReadAfterWriteService.GetPostThread)) || IsJson(response.MediaType) == false
            || response.ContentEncoding.Any(e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase))
            || response.Header(ProxyHeaders.RepoRev) is not [var rev, ..])
        {
            return null;
        }

        var local = await readAfterWrite.GetRecordsSinceAsync(did, rev, call.Aborted);
        if (local.IsEmpty)
        {
            return null;
        }

        // From here the body is read: every path answers.
        var body = await ReadBoundedAsync(response, call.Aborted);
        if (status != 200)
        {
            var built = ProxyUpstreamError.From(status, body).Error == "NotFound"
                ? await readAfterWrite.BuildThreadAsync(did, call.JoinedParameter("uri"), local,
                    (uri, ct) => GetThreadAsync(target, token, uri, call.JoinedParameter("parentHeight"), ct), call.Aborted)
                : null;
            return built is null ? throw Error(response, body) : Patched(response, JsonSerializer.SerializeToUtf8Bytes(built), local);
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

        var actor = call.JoinedParameter("actor");
        if (output is not null && await readAfterWrite.MungeAsync(nsid, did, actor.Length == 0 ? null : actor, output, local, call.Aborted))
        {
            return Patched(response, JsonSerializer.SerializeToUtf8Bytes(output), local);
        }

        var headers = Headers(response, ProxyHeaders.Response);
        headers.Add(new("Content-Type", response.ContentType ?? "application/json"));
        headers.Add(new("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)));
        return XrpcResult.Relayed(200, headers, (stream, ct) => stream.WriteAsync(body, ct).AsTask());
    }

    private static XrpcResult Patched(XrpcUpstreamResponse response, byte[] body, LocalRecords local)
    {
        var headers = Headers(response, ProxyHeaders.Response);
        headers.RemoveAll(h => h.Key.Equals("retry-after", StringComparison.OrdinalIgnoreCase));
        if (local.Oldest is { } oldest)
        {
            headers.Add(new(ProxyHeaders.UpstreamLag, ((long)(DateTimeOffset.UtcNow - oldest).TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
        }

        var result = XrpcResult.Bytes(XrpcResult.JsonContentType, body);
        foreach (var (name, value) in headers)
        {
            result = result.WithHeader(name, value);
        }

        return result;
    }

    /// <summary>Fetches the AppView's thread view of a post without replies, or <see langword="null"/> when it cannot.</summary>
    private async Task<JsonNode?> GetThreadAsync(ProxyTarget target, string token, string uri, string parentHeight, CancellationToken cancellationToken)
    {
        var query = "?uri=" + Uri.EscapeDataString(uri) + "&depth=0" + (parentHeight.Length > 0 ? "&parentHeight=" + Uri.EscapeDataString(parentHeight) : "");
        var request = new XrpcUpstreamRequest("GET", new Uri(target.Endpoint.GetLeftPart(UriPartial.Authority) + "/xrpc/" + ReadAfterWriteService.GetPostThread + query),
            token, [new("accept-encoding", "identity")]);
        try
        {
            using var response = await SendAsync(request, cancellationToken);
            return response.Status is >= 200 and < 300
                ? (JsonNode.Parse(await ReadBoundedAsync(response, cancellationToken)) as JsonObject)?["thread"]
                : null;
        }
        catch (Exception e) when (e is Protocol.Xrpc.XrpcException or JsonException)
        {
            return null; // the thread is answered without its parents, as the reference does
        }
    }
}
