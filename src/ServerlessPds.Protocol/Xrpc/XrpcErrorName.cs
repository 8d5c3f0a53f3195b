namespace ServerlessPds.Protocol.Xrpc;

/// <summary>
/// An XRPC error name: the <c>error</c> field of an error response, an ASCII word without whitespace such as
/// <c>InvalidSwap</c>. An open set: the well-known values below, plus any a lexicon declares.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/xrpc, "Error Responses" and "Summary of HTTP Status Codes"; the names a lexicon declares in
/// its <c>errors</c> list (e.g. com.atproto.repo.applyWrites: <c>InvalidSwap</c>).
/// </remarks>
/// <param name="Value">The name as written to the wire.</param>
public readonly record struct XrpcErrorName(string Value)
{
    /// <summary>The request is malformed or invalid (default for 400).</summary>
    public static readonly XrpcErrorName InvalidRequest = new("InvalidRequest");

    /// <summary>Authentication is missing or invalid (default for 401).</summary>
    public static readonly XrpcErrorName AuthenticationRequired = new("AuthenticationRequired");

    /// <summary>The caller may not do this (default for 403).</summary>
    public static readonly XrpcErrorName Forbidden = new("Forbidden");

    /// <summary>The method is not served here (default for 404).</summary>
    public static readonly XrpcErrorName XrpcNotSupported = new("XRPCNotSupported");

    /// <summary>The request body is too large (default for 413).</summary>
    public static readonly XrpcErrorName PayloadTooLarge = new("PayloadTooLarge");

    /// <summary>Too many requests (default for 429).</summary>
    public static readonly XrpcErrorName RateLimitExceeded = new("RateLimitExceeded");

    /// <summary>An unexpected server failure (default for 500); never carries details.</summary>
    public static readonly XrpcErrorName InternalServerError = new("InternalServerError");

    /// <summary>The method is known but not implemented (default for 501).</summary>
    public static readonly XrpcErrorName MethodNotImplemented = new("MethodNotImplemented");

    /// <summary>An upstream service failed (default for 502).</summary>
    public static readonly XrpcErrorName UpstreamFailure = new("UpstreamFailure");

    /// <summary>The server is overloaded (default for 503).</summary>
    public static readonly XrpcErrorName NotEnoughResources = new("NotEnoughResources");

    /// <summary>An upstream service timed out (default for 504).</summary>
    public static readonly XrpcErrorName UpstreamTimeout = new("UpstreamTimeout");

    /// <summary>A <c>swapCommit</c> or <c>swapRecord</c> did not match (lexicons com.atproto.repo.*).</summary>
    public static readonly XrpcErrorName InvalidSwap = new("InvalidSwap");

    /// <summary>No record at the requested path (lexicon com.atproto.repo.getRecord, com.atproto.sync.getRecord).</summary>
    public static readonly XrpcErrorName RecordNotFound = new("RecordNotFound");

    /// <summary>No repo for the requested DID (lexicons com.atproto.sync.*).</summary>
    public static readonly XrpcErrorName RepoNotFound = new("RepoNotFound");

    /// <summary>400: the access token has expired.</summary>
    public static readonly XrpcErrorName ExpiredToken = new("ExpiredToken");

    /// <summary>400 or 401: the token is not valid.</summary>
    public static readonly XrpcErrorName InvalidToken = new("InvalidToken");

    /// <summary>404: no such route.</summary>
    public static readonly XrpcErrorName NotFound = new("NotFound");

    /// <summary>503: the service is temporarily unavailable (for example storage is down).</summary>
    public static readonly XrpcErrorName ServiceUnavailable = new("ServiceUnavailable");

    /// <summary>400: a record failed lexicon validation.</summary>
    public static readonly XrpcErrorName InvalidRecord = new("InvalidRecord");

    /// <summary>400: the repo's account is deactivated.</summary>
    public static readonly XrpcErrorName RepoDeactivated = new("RepoDeactivated");

    /// <summary>400: the repo's account is taken down.</summary>
    public static readonly XrpcErrorName RepoTakendown = new("RepoTakendown");

    /// <summary>400: the repo's account is suspended.</summary>
    public static readonly XrpcErrorName RepoSuspended = new("RepoSuspended");

    /// <summary>401: the account is deactivated and cannot write.</summary>
    public static readonly XrpcErrorName AccountDeactivated = new("AccountDeactivated");

    /// <summary>401: the account is taken down.</summary>
    public static readonly XrpcErrorName AccountTakedown = new("AccountTakedown");

    /// <summary>400: a referenced blob is not stored.</summary>
    public static readonly XrpcErrorName BlobNotFound = new("BlobNotFound");

    /// <summary>400: a requested repo block is not stored (lexicon com.atproto.sync.getBlocks).</summary>
    public static readonly XrpcErrorName BlockNotFound = new("BlockNotFound");

    /// <summary>400: a record's blob ref names another mimeType than the stored blob has.</summary>
    public static readonly XrpcErrorName InvalidMimeType = new("InvalidMimeType");

    /// <summary>400: a record's blob ref names another size than the stored blob has.</summary>
    public static readonly XrpcErrorName InvalidSize = new("InvalidSize");

    /// <inheritdoc/>
    public override string ToString() => Value;
}
