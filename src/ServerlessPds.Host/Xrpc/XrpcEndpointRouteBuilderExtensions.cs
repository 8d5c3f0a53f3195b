using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Proxy;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Route mapping under <c>/xrpc</c>: <see cref="MapXrpcQuery"/> and <see cref="MapXrpcProcedure"/> map one NSID (the Pds
/// handlers through <see cref="XrpcHandlerEndpoints"/>, the WebSocket firehose through
/// <c>ComAtprotoSyncSubscribeEndpoints</c>), and the fallback forwards the rest. Failures are thrown as
/// <see cref="XrpcException"/> and rendered by <see cref="XrpcErrorMiddleware"/>.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Lexicon HTTP Endpoints": the path is <c>/xrpc/</c> + the NSID.</remarks>
public static class XrpcEndpointRouteBuilderExtensions
{
    /// <summary>The path every XRPC method lives under.</summary>
    public const string RoutePrefix = "/xrpc";

    /// <summary>Maps a lexicon query (HTTP GET, and HEAD) at <c>/xrpc/</c><paramref name="nsid"/>.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <param name="nsid">The method's NSID, e.g. <c>com.atproto.server.describeServer</c>.</param>
    /// <param name="handler">The minimal API handler.</param>
    /// <returns>The endpoint builder, for further conventions.</returns>
    /// <exception cref="FormatException"><paramref name="nsid"/> is not a valid NSID.</exception>
    public static RouteHandlerBuilder MapXrpcQuery(this RouteGroupBuilder xrpc, string nsid, Delegate handler) =>
        Map(xrpc, nsid, handler, HttpMethods.Get, [HttpMethods.Get, HttpMethods.Head]);

    /// <summary>Maps a lexicon procedure (HTTP POST) at <c>/xrpc/</c><paramref name="nsid"/>.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <param name="nsid">The method's NSID, e.g. <c>com.atproto.repo.createRecord</c>.</param>
    /// <param name="handler">The minimal API handler (normally the adapter of <see cref="XrpcHandlerEndpoints"/>).</param>
    /// <returns>The endpoint builder, for further conventions.</returns>
    /// <exception cref="FormatException"><paramref name="nsid"/> is not a valid NSID.</exception>
    public static RouteHandlerBuilder MapXrpcProcedure(this RouteGroupBuilder xrpc, string nsid, Delegate handler) =>
        Map(xrpc, nsid, handler, HttpMethods.Post, [HttpMethods.Post]);

    /// <summary>
    /// Raises (or lowers) the request body limit of one endpoint above the server-wide
    /// <see cref="XrpcCall.MaxJsonBodyBytes"/>, e.g. to the blob upload limit for <c>uploadBlob</c>. Kestrel then
    /// rejects a longer body, which the client sees as 413 <c>PayloadTooLarge</c>.
    /// </summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="maxBytes">The largest request body, in bytes.</param>
    /// <returns>The endpoint builder.</returns>
    public static RouteHandlerBuilder WithMaxBodyBytes(this RouteHandlerBuilder builder, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return builder.WithMetadata(new MaxBodyBytesMetadata(maxBytes));
    }

    /// <summary>
    /// Maps the XRPC fallback: any other path under <c>/xrpc/</c> answers 400 <c>InvalidRequest</c> when it is not an
    /// NSID (or has more segments), 400 <c>InvalidRequest</c> when it names an implemented method called with the wrong
    /// HTTP verb (as the reference PDS), and otherwise forwards the call to the service that serves it
    /// (<see cref="XrpcProxy"/>). Proxied bodies may be as large as an uploaded blob.
    /// </summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns>The endpoint builder.</returns>
    internal static RouteHandlerBuilder MapXrpcFallback(this RouteGroupBuilder xrpc)
    {
        var options = ((IEndpointRouteBuilder)xrpc).ServiceProvider.GetRequiredService<IOptions<PdsOptions>>().Value;
        return xrpc.Map("/{**path}", ForwardUnknown).WithDisplayName("XRPC fallback").WithMaxBodyBytes(options.BlobUploadLimitBytes);
    }

    private static RouteHandlerBuilder Map(RouteGroupBuilder xrpc, string nsid, Delegate handler, string httpMethod, string[] httpMethods)
    {
        ArgumentNullException.ThrowIfNull(xrpc);
        ArgumentNullException.ThrowIfNull(handler);
        var parsed = Nsid.Parse(nsid);
        return xrpc.MapMethods("/" + parsed.Value, httpMethods, handler)
            .WithMetadata(new XrpcMethodMetadata(parsed.Value, httpMethod))
            .WithDisplayName(parsed.Value);
    }

    private static Task ForwardUnknown(HttpContext context, string? path, XrpcMethodTable methods, XrpcProxy proxy)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('/', StringComparison.Ordinal) || !Nsid.IsValid(path))
        {
            throw XrpcException.InvalidRequest("Invalid XRPC path: expected /xrpc/<nsid>");
        }

        if (methods.Find(path) is { } method)
        {
            throw XrpcException.InvalidRequest($"Incorrect HTTP method ({context.Request.Method}) expected {method.HttpMethod}");
        }

        return XrpcHandlerEndpoints.InvokeAsync(context, Nsid.Parse(path), proxy.ForwardAsync);
    }

    private sealed record MaxBodyBytesMetadata(long MaxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => MaxBytes;
    }
}
