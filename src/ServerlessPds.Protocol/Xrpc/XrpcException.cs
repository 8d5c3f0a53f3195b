using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Xrpc;

/// <summary>
/// An XRPC failure that the host renders as <c>{"error": Error, "message": Message}</c> with HTTP <see cref="Status"/>.
/// Created through the named factories, so status and name always agree.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Error Responses" and "Summary of HTTP Status Codes".</remarks>
public sealed class XrpcException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="status">The HTTP status, 400-599.</param>
    /// <param name="error">The name written to <c>error</c>.</param>
    /// <param name="message">The text written to <c>message</c>; the error name when <see langword="null"/>.</param>
    /// <param name="innerException">The cause, if any; never shown to clients.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not 400-599.</exception>
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

    /// <summary>Creates a 400 <c>InvalidSwap</c> for a <c>swapCommit</c> that is not the current commit.</summary>
    /// <param name="expected">The commit CID the caller gave.</param>
    /// <param name="actual">The current commit CID, or <see langword="null"/> when the repo has none.</param>
    /// <returns>The exception.</returns>
    public static XrpcException InvalidSwap(Cid expected, Cid? actual) =>
        new(400, XrpcErrorName.InvalidSwap, $"Commit was at {actual?.ToString() ?? "nothing"}, expected {expected}.");

    /// <summary>Creates a 400 <c>InvalidSwap</c> for a <c>swapRecord</c> that is not the current record.</summary>
    /// <param name="uri">The record.</param>
    /// <param name="expected">The record CID the caller gave, or <see langword="null"/> for "no record".</param>
    /// <param name="actual">The current record CID, or <see langword="null"/> when there is none.</param>
    /// <returns>The exception.</returns>
    public static XrpcException InvalidSwap(AtUri uri, Cid? expected, Cid? actual) =>
        new(400, XrpcErrorName.InvalidSwap, $"Record {uri} was at {actual?.ToString() ?? "nothing"}, expected {expected?.ToString() ?? "nothing"}.");

    /// <summary>Creates a 400 <c>RecordNotFound</c>.</summary>
    /// <param name="uri">The record that is missing.</param>
    /// <returns>The exception.</returns>
    public static XrpcException RecordNotFound(AtUri uri) => new(400, XrpcErrorName.RecordNotFound, $"Could not locate record: {uri}");

    /// <summary>Creates a 400 <c>RepoNotFound</c>.</summary>
    /// <param name="did">The repo that is missing.</param>
    /// <returns>The exception.</returns>
    public static XrpcException RepoNotFound(Did did) => new(400, XrpcErrorName.RepoNotFound, $"Could not find repo for DID: {did}");

    /// <summary>Creates a 401 <c>AuthenticationRequired</c>.</summary>
    /// <param name="message">Why, or <see langword="null"/>.</param>
    /// <returns>The exception.</returns>
    public static XrpcException AuthenticationRequired(string? message = null) => new(401, XrpcErrorName.AuthenticationRequired, message);

    /// <summary>Creates a 413 <c>PayloadTooLarge</c>.</summary>
    /// <param name="message">Which limit was exceeded.</param>
    /// <returns>The exception.</returns>
    public static XrpcException PayloadTooLarge(string message) => new(413, XrpcErrorName.PayloadTooLarge, message);

    /// <summary>Creates a 503 <c>NotEnoughResources</c>, e.g. when contention outlasts the retry budget.</summary>
    /// <param name="message">What ran out.</param>
    /// <returns>The exception.</returns>
    public static XrpcException NotEnoughResources(string message) => new(503, XrpcErrorName.NotEnoughResources, message);

    /// <summary>Creates a 400 error with a lexicon-specific name, e.g. <c>InvalidRecord</c>.</summary>
    /// <param name="error">The error name.</param>
    /// <param name="message">The message.</param>
    /// <returns>The exception.</returns>
    public static XrpcException BadRequest(XrpcErrorName error, string message) => new(400, error, message);

    /// <summary>Creates a 400 <c>InvalidSwap</c> with a message saying what did not match.</summary>
    /// <param name="message">What did not match, e.g. <c>Commit was at bafy…</c>.</param>
    /// <returns>The exception.</returns>
    public static XrpcException InvalidSwap(string message) => new(400, XrpcErrorName.InvalidSwap, message);

    /// <summary>Creates a 400 <c>RecordNotFound</c>.</summary>
    /// <param name="uri">The AT-URI or path of the missing record.</param>
    /// <returns>The exception.</returns>
    public static XrpcException RecordNotFound(string uri) => new(400, XrpcErrorName.RecordNotFound, $"Could not locate record: {uri}");

    /// <summary>Creates a 403 <c>Forbidden</c>.</summary>
    /// <param name="message">Why the caller may not do this.</param>
    /// <returns>The exception.</returns>
    public static XrpcException Forbidden(string message) => new(403, XrpcErrorName.Forbidden, message);

    /// <summary>
    /// Creates the 400 of an invalid record: <c>InvalidRequest</c>, the name the reference PDS answers (no lexicon declares
    /// <c>InvalidRecord</c>, and clients match on declared names).
    /// </summary>
    /// <param name="message">What is invalid, e.g. <c>Record/text must not be longer than 300 graphemes</c>.</param>
    /// <returns>The exception.</returns>
    public static XrpcException InvalidRecord(string message) => new(400, XrpcErrorName.InvalidRequest, message);

    /// <summary>Creates a 400 <c>BlobNotFound</c>.</summary>
    /// <param name="cid">The missing blob's CID.</param>
    /// <returns>The exception.</returns>
    public static XrpcException BlobNotFound(Cid cid) => new(400, XrpcErrorName.BlobNotFound, $"Could not find blob: {cid}");

    /// <summary>Creates a 501 <c>MethodNotImplemented</c>.</summary>
    /// <param name="nsid">The method's NSID.</param>
    /// <returns>The exception.</returns>
    public static XrpcException MethodNotImplemented(string nsid) => new(501, XrpcErrorName.MethodNotImplemented, $"Method Not Implemented: {nsid}");
}
