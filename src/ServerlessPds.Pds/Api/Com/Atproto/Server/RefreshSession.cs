using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.refreshSession</c>: rotates the session's refresh token and issues a new access token. Auth: a
/// refresh token (Bearer). No input; output <see cref="RefreshSessionOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>
/// (<see cref="AuthVerifier.VerifyRefresh"/>), and those of <see cref="SessionService.RefreshSessionAsync"/> (e.g. a
/// revoked or already rotated token). Lexicon: com.atproto.server.refreshSession.
/// </remarks>
/// <param name="auth">Checks the refresh token.</param>
/// <param name="sessions">Rotates the session.</param>
public sealed class RefreshSession(AuthVerifier auth, SessionService sessions) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.refreshSession");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return XrpcResult.Json(await sessions.RefreshSessionAsync(auth.VerifyRefresh(call.Authorization), call.Aborted));
    }
}
