using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.deleteAccount</c>: deletes an account for good, given its DID, password and the token from
/// <see cref="RequestAccountDelete"/>. Auth: none (the password and token are the proof). Input
/// <see cref="DeleteAccountInput"/>; no output.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (bad input); and those of <see cref="AccountService.DeleteAccountAsync"/> (401
/// <c>AuthenticationRequired</c> "Invalid did or password", 400 <c>InvalidToken</c> / <c>ExpiredToken</c>). Logs the
/// DID. Lexicon: com.atproto.server.deleteAccount.
/// </remarks>
/// <param name="accounts">Deletes the account.</param>
/// <param name="logger">The log.</param>
public sealed partial class DeleteAccount(AccountService accounts, ILogger<DeleteAccount> logger) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.deleteAccount");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var input = await call.ReadJsonAsync<DeleteAccountInput>();
        await accounts.DeleteAccountAsync(input, call.Aborted);
        LogDeleted(logger, Method.Nsid.Value, input.Did);
        return XrpcResult.Empty();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Nsid} deleted account {Did}")]
    private static partial void LogDeleted(ILogger logger, string nsid, string did);
}
