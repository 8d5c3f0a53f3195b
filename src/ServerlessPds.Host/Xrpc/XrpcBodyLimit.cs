using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using ServerlessPds.Pds.Api;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Answers a request whose <c>Content-Length</c> declares more than its endpoint accepts with 413
/// <c>PayloadTooLarge</c> and a message naming the limit, before any handler reads the body. A client sends its whole
/// body before it reads the answer, so a declared length up to <see cref="MaxDrainBytes"/> over the limit is read and
/// discarded first; otherwise the server would close the connection mid-upload and the client would see a network
/// error instead of the 413. Longer declared bodies are refused without reading them (the connection is then closed).
/// </summary>
/// <remarks>
/// The limit is the endpoint's <see cref="IRequestSizeLimitMetadata"/> (e.g. uploadBlob's blob limit, see
/// <see cref="XrpcEndpointRouteBuilderExtensions.WithMaxBodyBytes"/>), else the server's request body limit
/// (<see cref="XrpcCall.MaxJsonBodyBytes"/>). Bodies without a Content-Length (chunked) are bounded while they are
/// read. Spec: atproto.com/specs/xrpc ("Summary of HTTP Status Codes", 413).
/// </remarks>
public static class XrpcBodyLimit
{
    /// <summary>How far over its limit a declared body is still read to the end before the 413 (100 MiB).</summary>
    public const long MaxDrainBytes = 100L * 1024 * 1024;

    /// <summary>The middleware; runs after routing (it needs the endpoint) and before request decompression.</summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes with the response.</returns>
    /// <exception cref="XrpcException">413 <c>PayloadTooLarge</c> naming the limit in bytes.</exception>
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var declared = context.Request.ContentLength;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? feature?.MaxRequestBodySize;
        if (declared is { } length && limit is { } max && length > max)
        {
            if (length - max <= MaxDrainBytes && feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = null;
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }

            throw new XrpcException(StatusCodes.Status413PayloadTooLarge, XrpcErrorName.PayloadTooLarge,
                $"Request body too large: the limit is {max.ToString(CultureInfo.InvariantCulture)} bytes");
        }

        await next(context);
    }
}
