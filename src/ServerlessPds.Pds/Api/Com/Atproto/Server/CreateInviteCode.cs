using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.createInviteCode</c>: creates one invite code. Auth: the admin's Basic credentials. Input
/// <see cref="CreateInviteCodeInput"/>, output <see cref="CreateInviteCodeOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c> (not the admin, checked before the body is read); 400
/// <c>InvalidRequest</c> (bad input); and those of <see cref="InviteCodeService.CreateInviteCodeAsync"/>.
/// Lexicon: com.atproto.server.createInviteCode.
/// </remarks>
/// <param name="auth">Checks the admin credentials.</param>
/// <param name="invites">Creates the code.</param>
public sealed class CreateInviteCode(AuthVerifier auth, InviteCodeService invites) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.createInviteCode");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        auth.VerifyAdmin(call.Authorization);
        var input = await call.ReadJsonAsync<CreateInviteCodeInput>();
        return XrpcResult.Json(await invites.CreateInviteCodeAsync(input, call.Aborted));
    }
}
