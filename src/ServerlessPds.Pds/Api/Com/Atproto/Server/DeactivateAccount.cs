using System.Globalization;
using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.deactivateAccount</c>: deactivates the caller's account (it stops writing and being served
/// until activated again), with an optional suggested deletion time. Auth: an access token of full scope. Input
/// <see cref="DeactivateAccountInput"/>; no output.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>; 400 <c>InvalidRequest</c>
/// (bad input, or <c>deleteAfter</c> not a datetime); 400 <c>AccountNotFound</c>
/// (<see cref="AccountService.DeactivateAccountAsync"/>). Logs the DID. Lexicon: com.atproto.server.deactivateAccount.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="accounts">Changes the account's status.</param>
/// <param name="logger">The log.</param>
public sealed partial class DeactivateAccount(AuthVerifier auth, AccountService accounts, ILogger<DeactivateAccount> logger) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.deactivateAccount");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Full, false, call.Aborted);
        var input = await call.ReadJsonAsync<DeactivateAccountInput>();
        DateTimeOffset? deleteAfter = null;
        if (input.DeleteAfter is { } text)
        {
            deleteAfter = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed : throw XrpcException.InvalidRequest("deleteAfter must be a datetime");
        }

        await accounts.DeactivateAccountAsync(caller.Did, deleteAfter, call.Aborted);
        LogDeactivated(logger, Method.Nsid.Value, caller.Did.Value);
        return XrpcResult.Empty();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Nsid} deactivated account {Did}")]
    private static partial void LogDeactivated(ILogger logger, string nsid, string did);
}
