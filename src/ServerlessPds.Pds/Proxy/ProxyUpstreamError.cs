using System.Text.Json;

namespace ServerlessPds.Pds.Proxy;

/// <summary>
/// How an upstream XRPC error is passed back, as the reference PDS (<c>PipethroughUpstreamError</c>): the upstream's
/// status (500 becomes 502 <c>UpstreamFailure</c>), its <c>error</c> name and <c>message</c> when the body is an XRPC
/// error object, otherwise the status's XRPC name and text (e.g. 404 <c>XRPCNotSupported</c> "XRPC Not Supported").
/// </summary>
/// <param name="Status">The HTTP status to answer with.</param>
/// <param name="Error">The XRPC error name.</param>
/// <param name="Message">The message.</param>
public sealed record ProxyUpstreamError(int Status, string Error, string Message)
{
    /// <summary>Maps an upstream error response.</summary>
    /// <param name="status">The upstream's status, 400 or more.</param>
    /// <param name="jsonBody">The upstream's body when it was JSON and within the size limit; otherwise empty.</param>
    /// <returns>The error to answer with.</returns>
    public static ProxyUpstreamError From(int status, ReadOnlySpan<byte> jsonBody)
    {
        string? error = null, message = null;
        if (!jsonBody.IsEmpty)
        {
            try
            {
                var reader = new Utf8JsonReader(jsonBody);
                using var document = JsonDocument.ParseValue(ref reader);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    error = StringProperty(document.RootElement, "error");
                    message = StringProperty(document.RootElement, "message");
                }
            }
            catch (JsonException)
            {
                // Not an XRPC error body: the status's name and text stand.
            }
        }
        var type = status == 500 ? 502 : status is >= 400 and < 600 ? status : 500;
        var (name, text) = Describe(type);
        return new ProxyUpstreamError(type, error ?? name, type == 500 ? text : message ?? text);
    }

    private static string? StringProperty(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static (string Name, string Text) Describe(int status) => status switch
    {
        400 => ("InvalidRequest", "Invalid Request"),
        401 => ("AuthenticationRequired", "Authentication Required"),
        403 => ("Forbidden", "Forbidden"),
        404 => ("XRPCNotSupported", "XRPC Not Supported"),
        406 => ("NotAcceptable", "Not Acceptable"),
        413 => ("PayloadTooLarge", "Payload Too Large"),
        415 => ("UnsupportedMediaType", "Unsupported Media Type"),
        429 => ("RateLimitExceeded", "Rate Limit Exceeded"),
        501 => ("MethodNotImplemented", "Method Not Implemented"),
        502 => ("UpstreamFailure", "Upstream Failure"),
        503 => ("NotEnoughResources", "Not Enough Resources"),
        504 => ("UpstreamTimeout", "Upstream Timeout"),
        < 500 => ("InvalidRequest", "Invalid Request"),
        _ => ("InternalServerError", "Internal Server Error"),
    };
}
