using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The one place where a failure becomes an HTTP response: <c>{"error", "message"}</c> as <c>application/json</c>.
/// <list type="bullet">
/// <item><see cref="XrpcException"/>: its status and error name, and its message except for status 500; a 401 also gets
/// a <c>WWW-Authenticate</c> challenge.</item>
/// <item><see cref="BadHttpRequestException"/> (malformed requests, parameters minimal APIs could not bind, bodies Kestrel
/// rejected) and <see cref="JsonException"/>: 400 <c>InvalidRequest</c>, or 413 <c>PayloadTooLarge</c> for a body over
/// the limit.</item>
/// <item>Anything else: 500 <c>InternalServerError</c> with a generic message (never the exception's text), logged with the exception.</item>
/// </list>
/// Every response carries <c>X-Content-Type-Options: nosniff</c>, so that no browser takes a JSON (or any other) answer
/// for something it may render or run.
/// A request the client abandoned is not answered. A failure after the response started is logged and rethrown, so the
/// server aborts the connection.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Error Responses" and "Summary of HTTP Status Codes".</remarks>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="logger">The logger for server failures.</param>
public sealed partial class XrpcErrorMiddleware(RequestDelegate next, ILogger<XrpcErrorMiddleware> logger)
{
    /// <summary>The message of every 500 response.</summary>
    public const string InternalServerErrorMessage = "Internal Server Error";

    private const string NoSniff = "nosniff";

    private static readonly JsonTypeInfo<XrpcErrorBody> ErrorBodyJson = (JsonTypeInfo<XrpcErrorBody>)XrpcJson.Options.GetTypeInfo(typeof(XrpcErrorBody));

    /// <summary>Runs the rest of the pipeline and renders any failure.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.XContentTypeOptions = NoSniff;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            LogAborted(logger, context.Request.Method, context.Request.Path);
        }
        catch (Exception exception)
        {
            var (status, body) = ToResponse(exception);
            Log(context, exception, status, body);
            if (context.Response.HasStarted)
            {
                throw;
            }

            await WriteAsync(context, status, body, exception.Data[RateLimitDecision.ExceptionDataKey] as RateLimitDecision,
                XrpcErrorHeaders.Get(exception));
        }
    }

    /// <summary>Maps an exception to the status and body the client sees.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The status code and the error body.</returns>
    internal static (int Status, XrpcErrorBody Body) ToResponse(Exception exception) => exception switch
    {
        XrpcException { Status: StatusCodes.Status500InternalServerError } x => (x.Status, new XrpcErrorBody(x.Error.Value, InternalServerErrorMessage)),
        XrpcException x => (x.Status, new XrpcErrorBody(x.Error.Value, x.Message)),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, new XrpcErrorBody(XrpcErrorName.PayloadTooLarge.Value, "Request body too large")),
        BadHttpRequestException bad => (StatusCodes.Status400BadRequest, new XrpcErrorBody(XrpcErrorName.InvalidRequest.Value, bad.Message)),
        JsonException json => (StatusCodes.Status400BadRequest, new XrpcErrorBody(XrpcErrorName.InvalidRequest.Value, $"Invalid JSON: {json.Message}")),
        _ => (StatusCodes.Status500InternalServerError, new XrpcErrorBody(XrpcErrorName.InternalServerError.Value, InternalServerErrorMessage)),
    };

    /// <summary>Writes an error response, replacing whatever headers and status the failed handler had set.</summary>
    /// <param name="context">The request.</param>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="body">The error body.</param>
    /// <param name="rateLimit">The rate-limit decision whose headers to send, or <see langword="null"/>.</param>
    /// <param name="headers">Further headers to send (e.g. a proxied error's <c>retry-after</c>), or <see langword="null"/>.</param>
    /// <returns>A task that completes when the body is written.</returns>
    internal static async Task WriteAsync(HttpContext context, int status, XrpcErrorBody body, RateLimitDecision? rateLimit = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        context.Response.Clear();
        context.Response.Headers.XContentTypeOptions = NoSniff;
        XrpcHandlerEndpoints.SetHeaders(context.Response, headers ?? []);
        if (rateLimit is not null)
        {
            XrpcRateLimits.SetHeaders(context.Response, rateLimit);
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = WwwAuthenticate(body.Error);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, ErrorBodyJson, context.RequestAborted);
    }

    /// <summary>
    /// Logs a failure: 500s (unexpected exceptions and deliberate ones) at Error with the exception, other server-side
    /// statuses (502, 503, ...) at Warning, and client errors (4xx, 501, including bodies the server could not decode) at Debug.
    /// </summary>
    private void Log(HttpContext context, Exception exception, int status, XrpcErrorBody body)
    {
        var request = context.Request;
        if (status == StatusCodes.Status500InternalServerError)
        {
            LogServerError(logger, exception, request.Method, request.Path, status);
        }
        else if (status >= StatusCodes.Status500InternalServerError && status != StatusCodes.Status501NotImplemented)
        {
            LogServiceFailure(logger, request.Method, request.Path, status, body.Error, body.Message);
        }
        else
        {
            LogClientError(logger, request.Method, request.Path, status, body.Error, body.Message);
        }
    }

    private static string WwwAuthenticate(string error) =>
        error == XrpcErrorName.InvalidToken.Value || error == XrpcErrorName.ExpiredToken.Value
            ? "Bearer error=\"invalid_token\""
            : "Bearer";

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status}")]
    private static partial void LogServerError(ILogger logger, Exception exception, string method, PathString path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status} {Error}: {ErrorMessage}")]
    private static partial void LogServiceFailure(ILogger logger, string method, PathString path, int status, string error, string? errorMessage);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} {Error}: {ErrorMessage}")]
    private static partial void LogClientError(ILogger logger, string method, PathString path, int status, string error, string? errorMessage);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} was abandoned by the client")]
    private static partial void LogAborted(ILogger logger, string method, PathString path);
}
