using System.Diagnostics;

namespace ServerlessPds.Host.Hosting;

/// <summary>
/// Logs one line per request after the response: method, path (never the query string, which may carry identifiers),
/// status, duration, and the client address and scheme as seen after <c>X-Forwarded-*</c> processing.
/// </summary>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="logger">The request logger.</param>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    /// <summary>Runs the rest of the pipeline and logs the outcome.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes with the request.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var request = context.Request;
            LogRequest(
                logger,
                request.Method,
                request.Path,
                context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                context.Connection.RemoteIpAddress?.ToString() ?? "-",
                request.Scheme,
                request.Host.Value ?? "-");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {ElapsedMs:0.0} ms client={ClientIp} {Scheme}://{Host}")]
    private static partial void LogRequest(ILogger logger, string method, PathString path, int status, double elapsedMs, string clientIp, string scheme, string host);
}
