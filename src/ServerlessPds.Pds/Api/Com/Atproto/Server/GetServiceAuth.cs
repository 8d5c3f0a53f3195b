using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

namespace ServerlessPds.Pds.Api.Com.Atproto.Server;

/// <summary>
/// <c>com.atproto.server.getServiceAuth</c>: a service-auth JWT signed with the caller's repo key, for another service
/// (<c>aud</c>), optionally bound to one method (<c>lxm</c>) and with a chosen expiry (<c>exp</c>, Unix seconds; 0 or
/// absent for the default). Auth: an access token (standard scope or wider); a taken-down account's narrow session is
/// accepted too. Parameters <c>aud</c> (required), <c>exp</c>, <c>lxm</c>; output <see cref="GetServiceAuthOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>; 400 <c>InvalidRequest</c>
/// (a missing, repeated or malformed parameter); and those of <see cref="ServiceAuthIssuer.GetServiceAuthAsync"/> (e.g.
/// 400 <c>BadExpiration</c>). Lexicon: com.atproto.server.getServiceAuth; spec atproto.com/specs/xrpc ("Inter-Service Authentication").
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="issuer">Signs the token.</param>
public sealed class GetServiceAuth(AuthVerifier auth, ServiceAuthIssuer issuer) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.server.getServiceAuth");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, allowTakendown: true, call.Aborted);
        var exp = call.GetOptional<long>("exp", 0);
        var output = await issuer.GetServiceAuthAsync(caller, call.GetRequired<string>("aud"), exp == 0 ? null : exp, call.GetOptional<string>("lxm"), call.Aborted);
        return XrpcResult.Json(output);
    }
}
