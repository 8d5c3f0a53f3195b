using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.checkAccountStatus</c>: the caller's account state (activation, repo head, record and blob
/// counts, DID document validity), used around a migration. Auth: an access token (standard scope or wider). No
/// parameters; output <see cref="CheckAccountStatusOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c> (see
/// <see cref="AuthVerifier.VerifyAccessAsync(string?, AccessLevel, bool, CancellationToken)"/>), and those of
/// <see cref="AccountService.CheckAccountStatusAsync"/>. Lexicon: com.atproto.server.checkAccountStatus.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="accounts">Reads the account's state.</param>
public sealed class CheckAccountStatus(AuthVerifier auth, AccountService accounts) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.server.checkAccountStatus");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, false, call.Aborted);
        return XrpcResult.Json(await accounts.CheckAccountStatusAsync(caller.Did, call.Aborted));
    }
}
