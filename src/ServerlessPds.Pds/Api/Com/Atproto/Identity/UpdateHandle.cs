using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Identity;

/// <summary>
/// <c>com.atproto.identity.updateHandle</c>: changes the caller's handle: validated (a user-domain handle is free, any
/// other must already resolve to the caller), written to the PLC directory for a <c>did:plc</c> (signed with this
/// server's rotation key), claimed in the account store, and announced as an <c>#identity</c> event. Auth: an access
/// token of an account that may write (not taken down or deactivated). Input <see cref="UpdateHandleInput"/>; no output.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>, 401
/// <c>AccountTakedown</c> / <c>AccountDeactivated</c>; 400 <c>InvalidRequest</c> (bad input); those of
/// <see cref="IdentityService.ValidateHandleAsync"/> (e.g. 400 <c>InvalidHandle</c>); 400 <c>HandleNotAvailable</c>
/// "Handle already taken: …" when another account holds it. Logs the DID and the new handle.
/// Lexicon: com.atproto.identity.updateHandle; spec atproto.com/specs/handle.
/// </remarks>
/// <param name="auth">Checks the access token and the account's state.</param>
/// <param name="identity">Validates the handle and updates the PLC document.</param>
/// <param name="accounts">Claims the handle.</param>
/// <param name="rotation">This server's PLC rotation key.</param>
/// <param name="events">Announces the identity change.</param>
/// <param name="logger">The log.</param>
public sealed partial class UpdateHandle(
    AuthVerifier auth, IdentityService identity, IAccountStore accounts, ServiceRotationKeyHolder rotation, IAccountEvents events, ILogger<UpdateHandle> logger)
    : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.identity.updateHandle");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, checkTakedown: true, checkDeactivated: true, call.Aborted);
        var input = await call.ReadJsonAsync<UpdateHandleInput>();
        var handle = await identity.ValidateHandleAsync(input.Handle, caller.Did, call.Aborted);
        if (await accounts.GetAccountByHandleAsync(handle, call.Aborted) is { } holder && holder.Did != caller.Did)
        {
            throw XrpcException.BadRequest(AccountErrorNames.HandleNotAvailable, $"Handle already taken: {handle}");
        }

        if (caller.Did.Method == "plc")
        {
            await identity.UpdateHandleAsync(caller.Did, handle, rotation.Key, call.Aborted);
        }

        if (await accounts.UpdateHandleAsync(caller.Did, handle, call.Aborted) != AccountClaimResult.Success)
        {
            throw XrpcException.BadRequest(AccountErrorNames.HandleNotAvailable, $"Handle already taken: {handle}");
        }

        await events.IdentityChangedAsync(caller.Did, handle, call.Aborted);
        LogUpdated(logger, Method.Nsid.Value, caller.Did.Value, handle.Value);
        return XrpcResult.Empty();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Nsid} changed the handle of {Did} to {Handle}")]
    private static partial void LogUpdated(ILogger logger, string nsid, string did, string handle);
}
