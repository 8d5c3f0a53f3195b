using System.Text;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Identity;

/// <summary>
/// <c>com.atproto.identity.getRecommendedDidCredentials</c>: the DID document fields this server would have the
/// caller's DID carry (rotation keys for a <c>did:plc</c>, <c>alsoKnownAs</c>, the <c>#atproto</c> verification method
/// and the <c>#atproto_pds</c> service), used when migrating an account here. Auth: an access token (standard scope or
/// wider). No parameters; output the lexicon's object (<see cref="RecommendedDidCredentials"/>), as
/// <c>application/json</c>.
/// </summary>
/// <remarks>
/// Errors: 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>; 400 <c>InvalidRequest</c>
/// "Account not found". Lexicon: com.atproto.identity.getRecommendedDidCredentials; spec atproto.com/specs/account
/// ("Account Migration").
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="identity">Builds the credentials.</param>
/// <param name="accounts">Reads the account's handle.</param>
/// <param name="signers">The account's signing key.</param>
/// <param name="rotation">This server's PLC rotation key.</param>
/// <param name="options">This server's public URL.</param>
public sealed class GetRecommendedDidCredentials(
    AuthVerifier auth, IdentityService identity, IAccountStore accounts, IAccountSigners signers, ServiceRotationKeyHolder rotation, PdsServerOptions options)
    : IXrpcHandler
{
    /// <summary>The <c>Content-Type</c> of the output.</summary>
    private const string ContentType = "application/json";

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.identity.getRecommendedDidCredentials");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, false, call.Aborted);
        var account = await accounts.GetAccountAsync(caller.Did, call.Aborted) ?? throw XrpcException.InvalidRequest("Account not found");
        var signer = await signers.GetSignerAsync(caller.Did, call.Aborted);
        var credentials = identity.GetRecommendedDidCredentials(caller.Did, account.Handle, signer.PublicKey, [rotation.Key.PublicKey], options.PublicUrl);
        return XrpcResult.Bytes(ContentType, Encoding.UTF8.GetBytes(credentials.ToJson()));
    }
}
