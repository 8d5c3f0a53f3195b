using System.Buffers;
using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.ReadAfterWrite;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Proxy;

/// <summary>
/// Forwards an XRPC call this server does not implement to the service that does (the <c>atproto-proxy</c> header's
/// service, else the AppView), with a service auth token minted for the caller, and passes the answer back: success
/// status, content and the <see cref="ProxyHeaders.Response"/> headers as they came, errors as XRPC errors
/// (<see cref="ProxyUpstreamError"/>), and the caller's own recent writes patched into the reads that show them
/// (<c>XrpcProxy.ReadAfterWrite.cs</c>).
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (a verb other than GET, HEAD, POST; a bad <c>atproto-proxy</c> header), the auth
/// errors of <see cref="AuthVerifier"/>, those of <see cref="ProxyMethodRules"/>, 502 <c>UpstreamFailure</c> (unreachable,
/// not https, response too large), and the upstream's own error, mapped. Spec: atproto.com/specs/xrpc, "Service Proxying".
/// </remarks>
/// <param name="options">Limits and timeouts.</param>
/// <param name="targets">Resolves the target service.</param>
/// <param name="auth">Checks the caller's access token.</param>
/// <param name="issuer">Mints the service auth token.</param>
/// <param name="upstream">The outbound transport.</param>
/// <param name="readAfterWrite">Finds and patches in the caller's recent writes.</param>
/// <param name="logger">The log.</param>
public sealed partial class XrpcProxy(
    ProxyOptions options, ProxyTargetResolver targets, AuthVerifier auth, ServiceAuthIssuer issuer, IXrpcUpstream upstream,
    ReadAfterWriteService readAfterWrite, ILogger<XrpcProxy> logger)
{
    private const int BufferBytes = 64 * 1024;
    private const string Unreachable = "Upstream service unreachable";

    /// <summary>Forwards a call.</summary>
    /// <param name="call">The call, for a method this server does not implement (or one it hands on when asked to).</param>
    /// <returns>The upstream's answer; a streamed body is copied as it arrives.</returns>
    /// <exception cref="XrpcException">As the class remarks list.</exception>
    public async Task<XrpcResult> ForwardAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var method = call.HttpMethod;
        var isPost = method == "POST";
        if (!isPost && method != "GET" && method != "HEAD")
        {
            throw XrpcException.InvalidRequest("XRPC requests only supports GET and POST");
        }

        var nsid = call.Nsid.Value;
        ProxyMethodRules.Check(nsid, null);
        var target = await targets.ResolveAsync(nsid, call.JoinedHeader(ProxyTargetResolver.HeaderName), call.Aborted);
        var principal = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, false, call.Aborted);
        ProxyMethodRules.Check(nsid, principal);
        var token = await issuer.CreateProxyTokenAsync(principal.Did, target.Did.Value, nsid, call.Aborted);
        var response = await SendAsync(call, target, token);
        try
        {
            if (method == "GET" && ReadAfterWriteService.Methods.Contains(nsid)
                && await TryReadAfterWriteAsync(call, response, principal.Did, target, token) is { } patched)
            {
                response.Dispose();
                return patched;
            }

            return await RelayAsync(call, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request to a target service and waits for its headers, within <see cref="ProxyOptions.HeadersTimeout"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response; dispose it.</returns>
    /// <exception cref="XrpcException">502 <c>UpstreamFailure</c>: not https (with SSRF protection on), unreachable, timed out, or a declared body over <see cref="ProxyOptions.MaxResponseBytes"/>.</exception>
    internal async Task<XrpcUpstreamResponse> SendAsync(XrpcUpstreamRequest request, CancellationToken cancellationToken)
    {
        if (!options.DisableSsrfProtection && request.Uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new XrpcException(502, XrpcErrorName.UpstreamFailure, Unreachable);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HeadersTimeout);
        XrpcUpstreamResponse response;
        try
        {
            response = await upstream.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is UpstreamUnreachableException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(logger, request.Uri.GetLeftPart(UriPartial.Authority), e.Message);
            throw new XrpcException(502, XrpcErrorName.UpstreamFailure, Unreachable, e);
        }

        if (response.ContentLength > options.MaxResponseBytes)
        {
            response.Dispose();
            throw new XrpcException(502, XrpcErrorName.UpstreamFailure, Unreachable);
        }

        return response;
    }

    /// <summary>Reads a whole upstream body, at most <see cref="ProxyOptions.MaxResponseBytes"/> within <see cref="ProxyOptions.BodyTimeout"/>.</summary>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body, or empty when it could not be read whole.</returns>
    internal async Task<byte[]> ReadBoundedAsync(XrpcUpstreamResponse response, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.BodyTimeout);
        try
        {
            await using var body = await response.OpenBodyAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[BufferBytes];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > options.MaxResponseBytes)
                {
                    return [];
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return [];
        }
    }

    /// <summary>Whether a media type is JSON (<c>application/json</c> or <c>application/*+json</c>).</summary>
    /// <param name="mediaType">The media type, or <see langword="null"/>.</param>
    /// <returns><see langword="null"/> when unknown; otherwise whether it is JSON.</returns>
    internal static bool? IsJson(string? mediaType) =>
        mediaType is null ? null
        : mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The headers of <paramref name="names"/> that the upstream sent, each as one comma-joined value.</summary>
    /// <param name="response">The upstream response.</param>
    /// <param name="names">The header names to pass on.</param>
    /// <returns>The headers.</returns>
    internal static List<KeyValuePair<string, string>> Headers(XrpcUpstreamResponse response, IReadOnlyList<string> names)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in names)
        {
            if (response.Header(name) is { } values)
            {
                headers.Add(new(name, string.Join(',', values)));
            }
        }

        return headers;
    }

    /// <summary>The error answer of an upstream error status: its XRPC error (mapped), with the upstream's <see cref="ProxyHeaders.Response"/> headers.</summary>
    /// <param name="response">The upstream response.</param>
    /// <param name="body">Its body (JSON, or empty).</param>
    /// <returns>The exception to throw.</returns>
    internal static XrpcException Error(XrpcUpstreamResponse response, ReadOnlySpan<byte> body)
    {
        var error = ProxyUpstreamError.From(response.Status, body);
        return new XrpcException(error.Status, new XrpcErrorName(error.Error), error.Message).WithHeaders(Headers(response, ProxyHeaders.Response));
    }

    private Task<XrpcUpstreamResponse> SendAsync(XrpcCall call, ProxyTarget target, string token)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in call.AllHeaders)
        {
            if (ProxyHeaders.IsForwardedRequestHeader(name))
            {
                headers.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
            }
        }

        var acceptEncoding = call.JoinedHeader("accept-encoding");
        headers.Add(new("accept-encoding", acceptEncoding.Length > 0 ? acceptEncoding : "identity"));
        Stream? body = null;
        List<KeyValuePair<string, string>>? contentHeaders = null;
        if (call.HttpMethod == "POST")
        {
            body = call.Body;
            contentHeaders = [.. ProxyHeaders.RequestContent.SelectMany(name => call.Headers(name).Select(v => new KeyValuePair<string, string>(name, v)))];
        }

        var uri = new Uri(target.Endpoint.GetLeftPart(UriPartial.Authority) + "/xrpc/" + call.Nsid.Value + call.QueryString);
        return SendAsync(new XrpcUpstreamRequest(call.HttpMethod, uri, token, headers, body, contentHeaders), call.Aborted);
    }

    private async Task<XrpcResult> RelayAsync(XrpcCall call, XrpcUpstreamResponse response)
    {
        if (response.Status >= 400)
        {
            var json = IsJson(response.MediaType) != false ? await ReadBoundedAsync(response, call.Aborted) : [];
            throw Error(response, json);
        }

        var headers = Headers(response, ProxyHeaders.ResponseContent);
        headers.AddRange(Headers(response, ProxyHeaders.Response));
        if (call.HttpMethod == "HEAD")
        {
            response.Dispose();
            return XrpcResult.Relayed(response.Status, headers, null);
        }

        return XrpcResult.Relayed(response.Status, headers, (destination, cancellationToken) => CopyBodyAsync(response, destination, cancellationToken));
    }

    /// <summary>
    /// Copies a success body as it arrives, with <see cref="ProxyOptions.BodyTimeout"/> between reads and
    /// <see cref="ProxyOptions.MaxResponseBytes"/> in all. The status and headers are already out, so a failure can only
    /// cut the response short: it is thrown as <see cref="UpstreamUnreachableException"/> and the host drops the connection.
    /// </summary>
    private async Task CopyBodyAsync(XrpcUpstreamResponse response, Stream destination, CancellationToken cancellationToken)
    {
        using var owned = response;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await using var source = await response.OpenBodyAsync(cancellationToken);
            long total = 0;
            while (true)
            {
                idle.CancelAfter(options.BodyTimeout);
                var read = await source.ReadAsync(buffer, idle.Token);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > options.MaxResponseBytes)
                {
                    throw new IOException("upstream response too large");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogBodyFailed(logger, e.Message);
            throw new UpstreamUnreachableException("The proxied response body failed: " + e.Message, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy target {Origin} unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string origin, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxied response body failed: {Reason}")]
    private static partial void LogBodyFailed(ILogger logger, string reason);
}
