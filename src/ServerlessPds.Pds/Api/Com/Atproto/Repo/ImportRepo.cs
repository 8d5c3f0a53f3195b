using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.importRepo</c>: the repo step of an account migrating in. Auth: the account's own full-access
/// session; a deactivated account may import (that is the point), a taken-down one may not. Input: a CAR
/// (<c>application/vnd.ipld.car</c>) of at most <see cref="MaxCarBytes"/>, read as a stream; no output.
/// </summary>
/// <remarks>
/// Behaviour in <see cref="RepoImporter"/>, which checks the CAR block by block as it is decoded, never buffering the
/// body whole, and runs at most <see cref="RepoImporter.MaxConcurrentImports"/> imports at once. Errors: 400
/// <c>InvalidRequest</c> (another <c>Content-Type</c>, a malformed or unsigned CAR, another DID's commit), 413
/// <c>PayloadTooLarge</c>, 429 <c>RateLimitExceeded</c>, 401 <c>AuthenticationRequired</c> / <c>AccountTakedown</c>,
/// 400 <c>ExpiredToken</c> / <c>InvalidToken</c>, and those of <see cref="RepoImporter.ImportAsync(Protocol.Syntax.Did, Stream, long, CancellationToken)"/>.
/// Lexicon: com.atproto.repo.importRepo; spec atproto.com/specs/account ("Account Migration").
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="importer">Imports the CAR.</param>
/// <param name="logger">The log.</param>
public sealed partial class ImportRepo(AuthVerifier auth, RepoImporter importer, ILogger<ImportRepo> logger) : IXrpcHandler
{
    /// <summary>The largest CAR importRepo accepts, in bytes (<see cref="RepoImporter.DefaultMaxCarBytes"/>, 256 MiB), compressed or decoded.</summary>
    public const long MaxCarBytes = RepoImporter.DefaultMaxCarBytes;

    /// <summary>The content type of the input.</summary>
    public const string CarContentType = "application/vnd.ipld.car";

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.repo.importRepo", MaxCarBytes);

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Full, false, call.Aborted);
        var contentType = call.ContentType;
        if (contentType is null || !contentType.StartsWith(CarContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw XrpcException.InvalidRequest($"Wrong request encoding (Content-Type): {contentType}");
        }

        try
        {
            var result = await importer.ImportAsync(caller.Did, call.Body, MaxCarBytes, call.Aborted);
            LogImported(logger, call.Nsid.Value, caller.Did.Value, result.Rev.Value);
        }
        catch (XrpcException e)
        {
            LogRefused(logger, call.Nsid.Value, caller.Did.Value, e.Error.Value, e.Status);
            throw;
        }

        return XrpcResult.Empty();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Nsid} imported the repo of {Did} at rev {Rev}")]
    private static partial void LogImported(ILogger logger, string nsid, string did, string rev);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Nsid} refused the repo of {Did}: {Error} ({Status})")]
    private static partial void LogRefused(ILogger logger, string nsid, string did, string error, int status);
}
