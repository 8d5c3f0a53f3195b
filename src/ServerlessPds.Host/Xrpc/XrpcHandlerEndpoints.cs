using Microsoft.Extensions.Primitives;
using ServerlessPds.Pds.Api;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Maps the XRPC surface of <c>ServerlessPds.Pds</c> (<see cref="XrpcMethods"/>): each handler at <c>/xrpc/</c> + its
/// NSID, through one adapter that turns the HTTP request into an <see cref="XrpcCall"/> and the <see cref="XrpcResult"/>
/// into the HTTP response (a header of the result replaces one of the same name set earlier in the pipeline). Errors
/// thrown by handlers are rendered by <see cref="XrpcErrorMiddleware"/>.
/// </summary>
public static class XrpcHandlerEndpoints
{
    /// <summary>Maps every registered handler on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapXrpcHandlers(this RouteGroupBuilder xrpc)
    {
        ArgumentNullException.ThrowIfNull(xrpc);
        var methods = ((IEndpointRouteBuilder)xrpc).ServiceProvider.GetRequiredService<XrpcMethods>();
        foreach (var handler in methods.All)
        {
            var method = handler.Method;
            RequestDelegate invoke = context => InvokeAsync(context, method.Nsid, handler.HandleAsync);
            var endpoint = method.Type == XrpcMethodType.Query
                ? xrpc.MapXrpcQuery(method.Nsid.Value, invoke)
                : xrpc.MapXrpcProcedure(method.Nsid.Value, invoke);
            if (method.MaxBodyBytes is { } maxBytes)
            {
                endpoint.WithMaxBodyBytes(maxBytes);
            }
        }

        return xrpc;
    }

    /// <summary>
    /// Runs one handler (or the proxy) on one HTTP request. The call's response headers replace any the pipeline set
    /// under the same name.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="nsid">The route's NSID.</param>
    /// <param name="handle">The handler's <see cref="IXrpcHandler.HandleAsync"/>, or the proxy's forward.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public static async Task InvokeAsync(HttpContext context, Nsid nsid, Func<XrpcCall, Task<XrpcResult>> handle)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handle);
        var call = ToCall(context, nsid);
        XrpcResult result;
        try
        {
            result = await handle(call);
        }
        finally
        {
            // E.g. a method's rate limit replaces the global one's.
            SetHeaders(context.Response, call.ResponseHeaders);
        }

        try
        {
            await WriteAsync(context.Response, result, context.RequestAborted);
        }
        catch (IOException) when (context.Response.HasStarted)
        {
            // The status and headers are out (a relayed body broke off): the client sees a truncated response.
            context.Abort();
        }
    }

    /// <summary>The handler's view of an HTTP request.</summary>
    /// <param name="context">The request.</param>
    /// <param name="nsid">The route's NSID.</param>
    /// <returns>The call.</returns>
    public static XrpcCall ToCall(HttpContext context, Nsid nsid)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        return new XrpcCall
        {
            Nsid = nsid,
            HttpMethod = request.Method,
            QueryString = request.QueryString.Value ?? "",
            QueryParameters = request.Query.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value.Select(v => v ?? "")], StringComparer.OrdinalIgnoreCase),
            Headers = name => request.Headers.TryGetValue(name, out var values) ? [.. values.Select(v => v ?? "")] : [],
            AllHeaders = request.Headers.Select(h => KeyValuePair.Create(h.Key, (IReadOnlyList<string>)[.. h.Value.Select(v => v ?? "")])),
            Body = request.Body,
            ContentType = request.ContentType,
            ContentLength = request.ContentLength,
            ClientIp = context.Connection.RemoteIpAddress?.ToString() ?? "",
            Aborted = context.RequestAborted,
        };
    }

    /// <summary>
    /// Sets headers on a response, replacing any already set under the same name (case-insensitive); a name given more
    /// than once keeps all its values.
    /// </summary>
    /// <param name="response">The response, not yet started.</param>
    /// <param name="headers">The headers (name, value).</param>
    internal static void SetHeaders(HttpResponse response, IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var group in headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            response.Headers[group.Key] = new StringValues([.. group.Select(h => h.Value)]);
        }
    }

    private static async Task WriteAsync(HttpResponse response, XrpcResult result, CancellationToken cancellationToken)
    {
        response.StatusCode = result.Status;
        SetHeaders(response, result.Headers); // e.g. replacing the error middleware's default nosniff

        if (result.WriteBody is null)
        {
            return;
        }

        if (result.ContentType is not null)
        {
            response.ContentType = result.ContentType;
        }

        if (result.ContentLength is not null)
        {
            response.ContentLength = result.ContentLength;
        }

        await result.WriteBody(response.Body, cancellationToken);
    }
}
