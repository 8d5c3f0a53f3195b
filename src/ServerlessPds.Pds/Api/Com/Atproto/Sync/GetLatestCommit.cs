using ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;
using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// <c>com.atproto.sync.getLatestCommit</c>: a repo's current commit CID and rev. Auth: none (as <see cref="GetRepo"/>).
/// Parameter <c>did</c>; output <see cref="GetLatestCommitOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c>, 400 <c>RepoNotFound</c>, <c>RepoTakendown</c>, <c>RepoDeactivated</c>.
/// Lexicon: com.atproto.sync.getLatestCommit.
/// </remarks>
/// <param name="access">The availability check.</param>
/// <param name="repos">Reads the head.</param>
public sealed class GetLatestCommit(RepoReadAccess access, IRepoStore repos) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.sync.getLatestCommit");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var did = await access.RequireServableDidAsync(call);
        var head = await SyncOutput.RequireHeadAsync(repos, did, call.Aborted);
        return XrpcResult.Json(new GetLatestCommitOutput(head.CommitCid.ToString(), head.Rev.Value));
    }
}
