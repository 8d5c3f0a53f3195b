using ServerlessPds.Pds.RateLimits;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Applies rate-limit decisions to responses: the <c>RateLimit-*</c> headers, and 429 <c>RateLimitExceeded</c> when the
/// request is refused. <see cref="Middleware"/> counts every <c>/xrpc</c> request against the per-IP global limit.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc ("Rate Limits").</remarks>
public static class XrpcRateLimits
{
    /// <summary>Sets the decision's headers and throws when it refuses the request.</summary>
    /// <param name="context">The request.</param>
    /// <param name="decision">The decision.</param>
    /// <exception cref="Protocol.Xrpc.XrpcException">429 <c>RateLimitExceeded</c>.</exception>
    public static void Apply(this HttpContext context, RateLimitDecision decision)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(decision);
        SetHeaders(context.Response, decision);
        decision.ThrowIfExceeded();
    }

    /// <summary>Sets the <c>RateLimit-*</c> headers of a decision (also after an error response was cleared).</summary>
    /// <param name="response">The response.</param>
    /// <param name="decision">The decision.</param>
    public static void SetHeaders(HttpResponse response, RateLimitDecision decision)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(decision);
        XrpcHandlerEndpoints.SetHeaders(response, decision.Headers);
    }

    /// <summary>Gets the client's IP address as the rate-limit key (after forwarded headers were applied).</summary>
    /// <param name="context">The request.</param>
    /// <returns>The address, or an empty string when unknown.</returns>
    public static string ClientIp(this HttpContext context) => context?.Connection.RemoteIpAddress?.ToString() ?? "";

    /// <summary>The middleware: counts each <c>/xrpc</c> request against <see cref="RequestRateLimiter.Global"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task that completes with the response.</returns>
    public static Task Middleware(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Path.StartsWithSegments(XrpcEndpointRouteBuilderExtensions.RoutePrefix, StringComparison.Ordinal))
        {
            var limiter = context.RequestServices.GetRequiredService<RequestRateLimiter>();
            context.Apply(limiter.ConsumeGlobal(context.ClientIp()));
        }

        return next(context);
    }
}
