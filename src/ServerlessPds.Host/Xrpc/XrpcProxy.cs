using System.Buffers;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Proxy;
using ServerlessPds.Pds.ReadAfterWrite;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Forwards an XRPC call this PDS does not serve to the service that does (atproto service proxying), as the reference
/// PDS's <c>proxyHandler</c>: the target comes from <see cref="ProxyTargetResolver"/>, the caller must hold an access
/// token (<see cref="ProxyMethodRules"/> apply), and the request carries a service-auth JWT signed with the account's
/// key (<c>aud</c> the target's bare DID, <c>lxm</c> the method). Headers cross as <see cref="ProxyHeaders"/> lists;
/// bodies stream both ways through a fixed buffer, so memory stays flat whatever their size.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> for a verb other than GET, HEAD or POST and for a bad <c>atproto-proxy</c> header
/// or target; 400 <c>InvalidToken</c> "Bad token method"; 401 from authentication; the upstream's XRPC error as
/// <see cref="ProxyUpstreamError"/>; 502 <c>UpstreamFailure</c> "Upstream service unreachable" when the service cannot be
/// reached, refuses the connection by SSRF policy, answers no headers within the time limit, or announces a body over the
/// size limit. A body that stalls or outgrows the limit mid-stream aborts the connection.
/// Spec: atproto.com/specs/xrpc ("Service Proxying", "Inter-Service Authentication").
/// </remarks>
public static partial class XrpcProxy
{
    private const int BufferBytes = 64 * 1024;
    private const string Unreachable = "Upstream service unreachable";

    /// <summary>Forwards the current request.</summary>
    /// <param name="context">The request, at <c>/xrpc/</c><paramref name="nsid"/>.</param>
    /// <param name="nsid">The method's NSID (valid, not served here).</param>
    /// <returns>A task that completes when the response has been written.</returns>
    /// <exception cref="XrpcException">As the remarks.</exception>
    public static async Task ForwardAsync(HttpContext context, string nsid)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var isPost = HttpMethods.IsPost(request.Method);
        if (!isPost && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            throw XrpcException.InvalidRequest("XRPC requests only supports GET and POST");
        }
        ProxyMethodRules.Check(nsid, null);
        var services = context.RequestServices;
        var header = request.Headers[ProxyTargetResolver.HeaderName].ToString();
        var target = await services.GetRequiredService<ProxyTargetResolver>().ResolveAsync(nsid, header, context.RequestAborted);
        var principal = await context.RequireAccessAsync(AccessLevel.Standard);
        ProxyMethodRules.Check(nsid, principal);
        var token = await services.GetRequiredService<ServiceAuthIssuer>().CreateProxyTokenAsync(principal.Did, target.Did.Value, nsid, context.RequestAborted);
        if (isPost && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = services.GetRequiredService<IOptions<PdsOptions>>().Value.BlobUploadLimitBytes;
        }

        var http = services.GetRequiredService<ProxyHttpClient>();
        using var upstream = await SendAsync(context, http, target, token, isPost ? request.Body : null);
        if (HttpMethods.IsGet(request.Method) && ReadAfterWriteService.Methods.Contains(nsid)
            && await XrpcReadAfterWrite.TryAnswerAsync(context, http, upstream, nsid, principal.Did, target, token))
        {
            return;
        }
        await CopyResponseAsync(context, http.Options, upstream);
    }

    /// <summary>Sends the forwarded request and waits for the upstream's headers.</summary>
    /// <param name="context">The incoming request.</param>
    /// <param name="http">The outbound client.</param>
    /// <param name="target">Where to send it.</param>
    /// <param name="token">The service-auth JWT.</param>
    /// <param name="body">The body to stream, or <see langword="null"/>.</param>
    /// <returns>The upstream response, its body not read yet.</returns>
    /// <exception cref="XrpcException">502 <c>UpstreamFailure</c>.</exception>
    internal static async Task<HttpResponseMessage> SendAsync(HttpContext context, ProxyHttpClient http, ProxyTarget target, string token, Stream? body)
    {
        var options = http.Options;
        var request = context.Request;
        if (!options.DisableSsrfProtection && target.Endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new XrpcException(502, XrpcErrorName.UpstreamFailure, Unreachable);
        }
        var uri = new Uri(target.Endpoint.GetLeftPart(UriPartial.Authority) + request.PathBase + request.Path + request.QueryString);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri) { Version = System.Net.HttpVersion.Version11 };
        foreach (var (name, values) in request.Headers)
        {
            if (ProxyHeaders.IsForwardedRequestHeader(name))
            {
                message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        var acceptEncoding = request.Headers.AcceptEncoding.ToString();
        message.Headers.TryAddWithoutValidation("accept-encoding", acceptEncoding.Length > 0 ? acceptEncoding : "identity");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            message.Content = new StreamContent(body, BufferBytes);
            foreach (var name in ProxyHeaders.RequestContent)
            {
                if (request.Headers.TryGetValue(name, out var values))
                {
                    message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
                }
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(options.HeadersTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            LogUnreachable(Logger(context), uri.GetLeftPart(UriPartial.Authority), e.Message);
            throw new XrpcException(502, XrpcErrorName.UpstreamFailure, Unreachable, e);
        }
        if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
        {
            response.Dispose();
            throw new XrpcException(502, XrpcErrorName.UpstreamFailure, Unreachable);
        }
        return response;
    }

    /// <summary>Writes the upstream's answer: an XRPC error as <see cref="ProxyUpstreamError"/>, or the status, passed headers and streamed body.</summary>
    /// <param name="context">The incoming request.</param>
    /// <param name="options">The proxy settings.</param>
    /// <param name="upstream">The upstream response.</param>
    /// <returns>A task that completes when the body has been copied.</returns>
    internal static async Task CopyResponseAsync(HttpContext context, ProxyOptions options, HttpResponseMessage upstream)
    {
        var response = context.Response;
        var status = (int)upstream.StatusCode;
        if (status >= 400)
        {
            var json = IsJson(upstream.Content.Headers.ContentType) != false
                ? await ReadBoundedAsync(upstream, options, context.RequestAborted)
                : [];
            var error = ProxyUpstreamError.From(status, json);
            await XrpcErrorMiddleware.WriteAsync(context, error.Status, new XrpcErrorBody(error.Error, error.Message),
                headers: r => CopyHeaders(upstream, r, ProxyHeaders.Response));
            return;
        }

        response.StatusCode = status;
        CopyHeaders(upstream, response, ProxyHeaders.ResponseContent);
        CopyHeaders(upstream, response, ProxyHeaders.Response);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        await CopyBodyAsync(context, options, upstream);
    }

    /// <summary>Tells whether a content type is JSON (<c>application/json</c> or <c>application/*+json</c>).</summary>
    /// <param name="contentType">The content type.</param>
    /// <returns><see langword="null"/> when absent, otherwise whether it is JSON.</returns>
    internal static bool? IsJson(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is not { } media ? null
        : media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads an upstream body into memory, at most <see cref="ProxyOptions.MaxResponseBytes"/>.</summary>
    /// <param name="upstream">The upstream response.</param>
    /// <param name="options">The proxy settings.</param>
    /// <param name="cancellationToken">A token that cancels reading.</param>
    /// <returns>The body; empty when it is larger than the limit or cannot be read.</returns>
    internal static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage upstream, ProxyOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.BodyTimeout);
        try
        {
            await upstream.Content.LoadIntoBufferAsync(options.MaxResponseBytes, timeout.Token);
            return await upstream.Content.ReadAsByteArrayAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return [];
        }
    }

    internal static void CopyHeaders(HttpResponseMessage upstream, HttpResponse response, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (upstream.Headers.TryGetValues(name, out var values) || upstream.Content.Headers.TryGetValues(name, out values))
            {
                response.Headers[name] = string.Join(',', values);
            }
        }
    }

    private static async Task CopyBodyAsync(HttpContext context, ProxyOptions options, HttpResponseMessage upstream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        try
        {
            await using var source = await upstream.Content.ReadAsStreamAsync(context.RequestAborted);
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
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            LogBodyFailed(Logger(context), e.Message);
            context.Abort(); // the status and headers are out: the client sees a truncated response, as with the reference
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(XrpcProxy));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy target {Origin} unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string origin, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxied response body failed: {Reason}")]
    private static partial void LogBodyFailed(ILogger logger, string reason);
}
