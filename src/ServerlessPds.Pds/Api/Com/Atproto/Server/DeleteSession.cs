using ServerlessPds.Pds.Auth;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.deleteSession</c>: ends the session (logout): its refresh token, and the access tokens issued
/// with it, stop working. Auth: a refresh token (Bearer), accepted even when expired. No input or output.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>InvalidToken</c> (<see cref="AuthVerifier.VerifyRefresh"/>), and
/// those of <see cref="SessionService.DeleteSessionAsync"/>. Lexicon: com.atproto.server.deleteSession.
/// </remarks>
/// <param name="auth">Checks the refresh token.</param>
/// <param name="sessions">Revokes the session.</param>
public sealed class DeleteSession(AuthVerifier auth, SessionService sessions) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.deleteSession");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        await sessions.DeleteSessionAsync(auth.VerifyRefresh(call.Authorization, allowExpired: true), call.Aborted);
        return XrpcResult.Empty();
    }
}
