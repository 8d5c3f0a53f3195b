using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.revokeAppPassword</c>: revokes one of the caller's app passwords and ends its sessions. Auth: an
/// access token of privileged scope or wider. Input <see cref="RevokeAppPasswordInput"/>; no output.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>; 400 <c>InvalidRequest</c>
/// (bad input); and those of <see cref="SessionService.RevokeAppPasswordAsync"/>. Lexicon: com.atproto.server.revokeAppPassword.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="sessions">Revokes the app password.</param>
public sealed class RevokeAppPassword(AuthVerifier auth, SessionService sessions) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.revokeAppPassword");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Privileged, false, call.Aborted);
        var input = await call.ReadJsonAsync<RevokeAppPasswordInput>();
        await sessions.RevokeAppPasswordAsync(caller, input, call.Aborted);
        return XrpcResult.Empty();
    }
}
