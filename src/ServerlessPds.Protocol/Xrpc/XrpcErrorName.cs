namespace ServerlessPds.Protocol.Xrpc;

/// <summary>
/// Represents an XRPC error name: the <c>error</c> field of an error response, an ASCII word without whitespace,
/// e.g. <c>InvalidSwap</c>. An open set: the well-known names are the XRPC spec's and the lexicons'.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Error Responses"; lexicon <c>errors</c> arrays.</remarks>
/// <param name="Value">The error name.</param>
public readonly record struct XrpcErrorName(string Value)
{
    /// <summary>400: the request is malformed or a parameter is invalid.</summary>
    public static readonly XrpcErrorName InvalidRequest = new("InvalidRequest");

    /// <summary>400: the access token has expired.</summary>
    public static readonly XrpcErrorName ExpiredToken = new("ExpiredToken");

    /// <summary>400 or 401: the token is not valid.</summary>
    public static readonly XrpcErrorName InvalidToken = new("InvalidToken");

    /// <summary>401: the request needs authentication.</summary>
    public static readonly XrpcErrorName AuthenticationRequired = new("AuthenticationRequired");

    /// <summary>403: the caller may not do this.</summary>
    public static readonly XrpcErrorName Forbidden = new("Forbidden");

    /// <summary>404: no such route.</summary>
    public static readonly XrpcErrorName NotFound = new("NotFound");

    /// <summary>413: the request body is too large.</summary>
    public static readonly XrpcErrorName PayloadTooLarge = new("PayloadTooLarge");

    /// <summary>429: a rate limit was exceeded.</summary>
    public static readonly XrpcErrorName RateLimitExceeded = new("RateLimitExceeded");

    /// <summary>500: an unexpected server failure.</summary>
    public static readonly XrpcErrorName InternalServerError = new("InternalServerError");

    /// <summary>501: the method is not implemented by this server.</summary>
    public static readonly XrpcErrorName MethodNotImplemented = new("MethodNotImplemented");

    /// <summary>503: the service is temporarily unavailable (for example storage is down).</summary>
    public static readonly XrpcErrorName ServiceUnavailable = new("ServiceUnavailable");

    /// <summary>400: <c>swapCommit</c> or <c>swapRecord</c> did not match (com.atproto.repo.*).</summary>
    public static readonly XrpcErrorName InvalidSwap = new("InvalidSwap");

    /// <summary>400: a record failed lexicon validation.</summary>
    public static readonly XrpcErrorName InvalidRecord = new("InvalidRecord");

    /// <summary>400: no such record (com.atproto.repo.getRecord, com.atproto.sync.getRecord).</summary>
    public static readonly XrpcErrorName RecordNotFound = new("RecordNotFound");

    /// <summary>400: no such repo (com.atproto.sync.*).</summary>
    public static readonly XrpcErrorName RepoNotFound = new("RepoNotFound");

    /// <summary>400: the repo's account is deactivated.</summary>
    public static readonly XrpcErrorName RepoDeactivated = new("RepoDeactivated");

    /// <summary>400: the repo's account is taken down.</summary>
    public static readonly XrpcErrorName RepoTakendown = new("RepoTakendown");

    /// <summary>400: the repo's account is suspended.</summary>
    public static readonly XrpcErrorName RepoSuspended = new("RepoSuspended");

    /// <summary>400: the account is deactivated and cannot write.</summary>
    public static readonly XrpcErrorName AccountDeactivated = new("AccountDeactivated");

    /// <summary>400: the account is taken down.</summary>
    public static readonly XrpcErrorName AccountTakedown = new("AccountTakedown");

    /// <summary>400: a referenced blob is not stored.</summary>
    public static readonly XrpcErrorName BlobNotFound = new("BlobNotFound");

    /// <inheritdoc/>
    public override string ToString() => Value;
}
