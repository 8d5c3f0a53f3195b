using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.requestAccountDelete</c>: e-mails the caller a token that <see cref="DeleteAccount"/> requires.
/// Auth: an access token of full scope; a taken-down account's narrow session is accepted too. No input or output.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>; and those of
/// <see cref="AccountService.RequestAccountDeleteAsync"/> (400 <c>AccountNotFound</c>, 400 <c>InvalidRequest</c> without
/// an e-mail address, 501 <c>MethodNotImplemented</c> without a mailer). Lexicon: com.atproto.server.requestAccountDelete.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="accounts">Issues and sends the token.</param>
public sealed class RequestAccountDelete(AuthVerifier auth, AccountService accounts) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.requestAccountDelete");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Full, allowTakendown: true, call.Aborted);
        await accounts.RequestAccountDeleteAsync(caller.Did, call.Aborted);
        return XrpcResult.Empty();
    }
}
