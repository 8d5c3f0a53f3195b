using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.RateLimits;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.createAccount</c>: creates an account (or, for a migration, takes in an existing DID) and opens
/// its first session. Auth: none, or service auth — a JWT for this service and method signed by the issuer DID's
/// <c>#atproto</c> key, whose issuer may then create an account with <c>did</c> set to itself. Input
/// <see cref="CreateAccountInput"/>, output <see cref="CreateAccountOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 429 <c>RateLimitExceeded</c> (per client IP, <see cref="RequestRateLimiter.CreateAccount"/>); 400
/// <c>InvalidRequest</c> (bad input); 401 <c>AuthenticationRequired</c>, <c>BadJwt…</c> or <c>JwtExpired</c> (bad
/// service auth, <see cref="AuthVerifier.VerifyServiceAuthAsync"/>); and those of <see cref="AccountService.CreateAccountAsync"/>
/// (e.g. 400 <c>HandleNotAvailable</c>, <c>InvalidHandle</c>, <c>InvalidInviteCode</c>). Logs the new account's DID.
/// Lexicon: com.atproto.server.createAccount.
/// </remarks>
/// <param name="accounts">Creates the account.</param>
/// <param name="limits">The per-IP account creation limit.</param>
/// <param name="auth">Checks service auth.</param>
/// <param name="issuerKeys">Finds a service-auth issuer's signing key.</param>
/// <param name="logger">The log.</param>
public sealed partial class CreateAccount(
    AccountService accounts, RequestRateLimiter limits, AuthVerifier auth, ServiceKeyResolver issuerKeys, ILogger<CreateAccount> logger) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.createAccount");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        call.Apply(limits.ConsumeCreateAccount(call.ClientIp));
        var input = await call.ReadJsonAsync<CreateAccountInput>();
        var requester = call.Authorization is { } authorization
            ? (await auth.VerifyServiceAuthAsync(authorization, Method.Nsid.Value, issuerKeys, call.Aborted)).IssuerDid
            : null;
        var output = await accounts.CreateAccountAsync(input, requester, call.Aborted);
        LogCreated(logger, Method.Nsid.Value, output.Did, output.Handle);
        return XrpcResult.Json(output);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Nsid} created account {Did} ({Handle})")]
    private static partial void LogCreated(ILogger logger, string nsid, string did, string handle);
}
