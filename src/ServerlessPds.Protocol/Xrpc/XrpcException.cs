using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Xrpc;

/// <summary>
/// Signals an XRPC failure that the host renders as <c>{"error": Error, "message": Message}</c> with <see cref="Status"/>.
/// Handlers and services throw it through the named factories; they never build status codes or JSON themselves.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Error Responses" and "Summary of HTTP Status Codes".</remarks>
public sealed class XrpcException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="status">The HTTP status code, 400-599.</param>
    /// <param name="error">The error name written to the <c>error</c> field.</param>
    /// <param name="message">The human-readable message, or <see langword="null"/> for the error name.</param>
    /// <param name="innerException">The cause, if any; never shown to clients.</param>
    public XrpcException(int status, XrpcErrorName error, string? message = null, Exception? innerException = null)
        : base(message ?? error.Value, innerException)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        Status = status;
        Error = error;
    }

    /// <summary>Gets the HTTP status code, 400-599.</summary>
    public int Status { get; }

    /// <summary>Gets the name written to the <c>error</c> field.</summary>
    public XrpcErrorName Error { get; }

    /// <summary>Creates a 400 <c>InvalidRequest</c>.</summary>
    /// <param name="message">What is wrong with the request.</param>
    /// <returns>The exception.</returns>
    public static XrpcException InvalidRequest(string message) => new(400, XrpcErrorName.InvalidRequest, message);

    /// <summary>Creates a 400 error with a lexicon-specific name, e.g. <c>InvalidRecord</c>.</summary>
    /// <param name="error">The error name.</param>
    /// <param name="message">The message.</param>
    /// <returns>The exception.</returns>
    public static XrpcException BadRequest(XrpcErrorName error, string message) => new(400, error, message);

    /// <summary>Creates a 400 <c>InvalidSwap</c> for a <c>swapCommit</c> or <c>swapRecord</c> mismatch.</summary>
    /// <param name="message">What did not match, e.g. <c>Commit was at bafy…</c>.</param>
    /// <returns>The exception.</returns>
    public static XrpcException InvalidSwap(string message) => new(400, XrpcErrorName.InvalidSwap, message);

    /// <summary>Creates a 400 <c>RecordNotFound</c>.</summary>
    /// <param name="uri">The AT-URI or path of the missing record.</param>
    /// <returns>The exception.</returns>
    public static XrpcException RecordNotFound(string uri) => new(400, XrpcErrorName.RecordNotFound, $"Could not locate record: {uri}");

    /// <summary>Creates a 401 <c>AuthenticationRequired</c>.</summary>
    /// <param name="message">The message, or <see langword="null"/> for a default.</param>
    /// <returns>The exception.</returns>
    public static XrpcException AuthenticationRequired(string? message = null) =>
        new(401, XrpcErrorName.AuthenticationRequired, message ?? "Authentication Required");

    /// <summary>Creates a 403 <c>Forbidden</c>.</summary>
    /// <param name="message">Why the caller may not do this.</param>
    /// <returns>The exception.</returns>
    public static XrpcException Forbidden(string message) => new(403, XrpcErrorName.Forbidden, message);

    /// <summary>Creates a 400 <c>InvalidRecord</c> naming the invalid location.</summary>
    /// <param name="message">What is invalid, e.g. <c>Record/text must not be longer than 300 graphemes</c>.</param>
    /// <returns>The exception.</returns>
    public static XrpcException InvalidRecord(string message) => new(400, XrpcErrorName.InvalidRecord, message);

    /// <summary>Creates a 400 <c>BlobNotFound</c>.</summary>
    /// <param name="cid">The missing blob's CID.</param>
    /// <returns>The exception.</returns>
    public static XrpcException BlobNotFound(Cid cid) => new(400, XrpcErrorName.BlobNotFound, $"Could not find blob: {cid}");

    /// <summary>Creates a 501 <c>MethodNotImplemented</c>.</summary>
    /// <param name="nsid">The method's NSID.</param>
    /// <returns>The exception.</returns>
    public static XrpcException MethodNotImplemented(string nsid) => new(501, XrpcErrorName.MethodNotImplemented, $"Method Not Implemented: {nsid}");
}
