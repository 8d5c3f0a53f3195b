using ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// <c>com.atproto.sync.getRepoStatus</c>: whether an account hosted here is active, and its rev when it is. Auth: none;
/// an account that is not active is reported, not refused. Parameter <c>did</c>; output <see cref="GetRepoStatusOutput"/>.
/// </summary>
/// <remarks>Errors: 400 <c>InvalidRequest</c>, 400 <c>RepoNotFound</c>. Lexicon: com.atproto.sync.getRepoStatus.</remarks>
/// <param name="accounts">Reads the account.</param>
/// <param name="repos">Reads the head.</param>
public sealed class GetRepoStatus(IAccountStore accounts, IRepoStore repos) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.sync.getRepoStatus");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var did = call.GetRequired<Did>("did");
        var account = await accounts.GetAccountAsync(did, call.Aborted) ?? throw XrpcException.RepoNotFound(did);
        var head = await repos.GetHeadAsync(did, call.Aborted);
        var active = account.Status == AccountStatus.Active;
        return XrpcResult.Json(new GetRepoStatusOutput(did.Value, active, SyncOutput.StatusName(account.Status), active ? head?.Rev.Value : null));
    }
}
