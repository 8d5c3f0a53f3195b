using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.getSession</c>: the caller's session (handle, DID, e-mail, status). Auth: an access token
/// (standard scope or wider); a taken-down account's narrow session is accepted too. No parameters; output
/// <see cref="GetSessionOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>, 403 <c>AccountNotFound</c>
/// (see <see cref="AuthVerifier.VerifyAccessAsync(string?, AccessLevel, bool, CancellationToken)"/>), and those of
/// <see cref="SessionService.GetSessionAsync"/>. Lexicon: com.atproto.server.getSession.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="sessions">Describes the session.</param>
public sealed class GetSession(AuthVerifier auth, SessionService sessions) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.server.getSession");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, allowTakendown: true, call.Aborted);
        return XrpcResult.Json(await sessions.GetSessionAsync(caller, call.Aborted));
    }
}
