using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.listAppPasswords</c>: the caller's app passwords (names, creation times, privilege; never the
/// passwords). Auth: an access token of privileged scope or wider. No parameters; output <see cref="ListAppPasswordsOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>, and those of
/// <see cref="SessionService.ListAppPasswordsAsync"/>. Lexicon: com.atproto.server.listAppPasswords.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="sessions">Lists the app passwords.</param>
public sealed class ListAppPasswords(AuthVerifier auth, SessionService sessions) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.server.listAppPasswords");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Privileged, false, call.Aborted);
        return XrpcResult.Json(await sessions.ListAppPasswordsAsync(caller, call.Aborted));
    }
}
