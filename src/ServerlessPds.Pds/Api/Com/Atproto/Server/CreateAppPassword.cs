using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.createAppPassword</c>: creates a named app password for the caller. Auth: an access token of
/// privileged scope or wider (a session of the account password or a privileged app password). Input
/// <see cref="CreateAppPasswordInput"/>, output <see cref="CreateAppPasswordOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>; 400 <c>InvalidRequest</c>
/// (bad input); and those of <see cref="SessionService.CreateAppPasswordAsync"/> (e.g. a name in use).
/// Lexicon: com.atproto.server.createAppPassword.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="sessions">Creates the app password.</param>
public sealed class CreateAppPassword(AuthVerifier auth, SessionService sessions) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.createAppPassword");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Privileged, false, call.Aborted);
        var input = await call.ReadJsonAsync<CreateAppPasswordInput>();
        return XrpcResult.Json(await sessions.CreateAppPasswordAsync(caller, input, call.Aborted));
    }
}
