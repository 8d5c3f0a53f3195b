using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// <c>com.atproto.sync.getRecord</c>: the proof of one record (or of its absence) as a CAR: the commit, the MST nodes
/// on its path and the record. Auth: none (as <see cref="GetRepo"/>). Parameters <c>did</c>, <c>collection</c>, <c>rkey</c>.
/// </summary>
/// <remarks>
/// The blocks are read before the result is returned. Errors: 400 <c>InvalidRequest</c>, 400 <c>RepoNotFound</c>,
/// <c>RepoTakendown</c>, <c>RepoDeactivated</c>. Lexicon: com.atproto.sync.getRecord; spec atproto.com/specs/sync.
/// </remarks>
/// <param name="access">The availability check.</param>
/// <param name="repos">Reads the head.</param>
/// <param name="reader">Reads the proof.</param>
public sealed class GetRecord(RepoReadAccess access, IRepoStore repos, SyncReader reader) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.sync.getRecord");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var did = await access.RequireServableDidAsync(call);
        var path = RepoPath.Create(call.GetRequired<Nsid>("collection"), call.GetRequired<RecordKey>("rkey"));
        var head = await SyncOutput.RequireHeadAsync(repos, did, call.Aborted);
        var (_, blocks) = await reader.GetRecordProofAsync(did, head, path, call.Aborted);
        return SyncOutput.Car([head.CommitCid], blocks);
    }
}
