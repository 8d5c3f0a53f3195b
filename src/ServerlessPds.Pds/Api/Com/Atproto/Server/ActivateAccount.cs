using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.activateAccount</c>: activates the caller's account (after a migration or a deactivation), so
/// that it writes and is served again. Auth: an access token of full scope (not an app password). No input or output.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>; and those of
/// <see cref="AccountService.ActivateAccountAsync"/> (400 <c>AccountNotFound</c>, <c>AccountTakedown</c>,
/// <c>InvalidRequest</c> when the DID document does not point here). Logs the DID. Lexicon: com.atproto.server.activateAccount.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="accounts">Changes the account's status.</param>
/// <param name="logger">The log.</param>
public sealed partial class ActivateAccount(AuthVerifier auth, AccountService accounts, ILogger<ActivateAccount> logger) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.activateAccount");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Full, false, call.Aborted);
        await accounts.ActivateAccountAsync(caller.Did, call.Aborted);
        LogActivated(logger, Method.Nsid.Value, caller.Did.Value);
        return XrpcResult.Empty();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Nsid} activated account {Did}")]
    private static partial void LogActivated(ILogger logger, string nsid, string did);
}
