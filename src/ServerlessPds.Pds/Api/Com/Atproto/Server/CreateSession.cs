using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.RateLimits;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.createSession</c>: logs in with a handle, e-mail or DID and a password (the account's or an app
/// password) and issues an access and a refresh token. Auth: none (the password is the proof). Input
/// <see cref="CreateSessionInput"/>, output <see cref="CreateSessionOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (bad input); 429 <c>RateLimitExceeded</c> (counted per account, so that its handle,
/// e-mail and DID share one lock-out, and per client IP: <see cref="RequestRateLimiter.ConsumeCreateSession"/>); and
/// those of <see cref="SessionService.CreateSessionAsync"/> (401 <c>AuthenticationRequired</c> "Invalid identifier or
/// password", 401 <c>AccountTakedown</c>, …). Logs the DID. Lexicon: com.atproto.server.createSession.
/// </remarks>
/// <param name="sessions">Checks the password and issues the tokens.</param>
/// <param name="limits">The login rate limits.</param>
/// <param name="logger">The log.</param>
public sealed partial class CreateSession(SessionService sessions, RequestRateLimiter limits, ILogger<CreateSession> logger) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.createSession");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var input = await call.ReadJsonAsync<CreateSessionInput>();
        call.Apply(limits.ConsumeCreateSession(await sessions.LoginKeyAsync(input.Identifier, call.Aborted), call.ClientIp));
        var output = await sessions.CreateSessionAsync(input, call.Aborted);
        LogCreated(logger, Method.Nsid.Value, output.Did);
        return XrpcResult.Json(output);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Nsid} created a session for {Did}")]
    private static partial void LogCreated(ILogger logger, string nsid, string did);
}
