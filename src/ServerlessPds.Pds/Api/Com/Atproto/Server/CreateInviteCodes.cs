using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.createInviteCodes</c>: creates invite codes, for accounts or for the server. Auth: the admin's
/// Basic credentials. Input <see cref="CreateInviteCodesInput"/>, output <see cref="CreateInviteCodesOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c> (not the admin, checked before the body is read); 400
/// <c>InvalidRequest</c> (bad input); and those of <see cref="InviteCodeService.CreateInviteCodesAsync"/>.
/// Lexicon: com.atproto.server.createInviteCodes.
/// </remarks>
/// <param name="auth">Checks the admin credentials.</param>
/// <param name="invites">Creates the codes.</param>
public sealed class CreateInviteCodes(AuthVerifier auth, InviteCodeService invites) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.server.createInviteCodes");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        auth.VerifyAdmin(call.Authorization);
        var input = await call.ReadJsonAsync<CreateInviteCodesInput>();
        return XrpcResult.Json(await invites.CreateInviteCodesAsync(input, call.Aborted));
    }
}
