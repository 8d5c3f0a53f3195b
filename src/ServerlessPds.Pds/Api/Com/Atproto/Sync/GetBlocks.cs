using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// <c>com.atproto.sync.getBlocks</c>: blocks of a repo by CID, as a CAR without roots. Auth: none (as
/// <see cref="GetRepo"/>). Parameters <c>did</c>, <c>cids</c> (1 to <see cref="SyncReader.MaxBlocksPerRequest"/>).
/// </summary>
/// <remarks>
/// The blocks are read before the result is returned. Errors: 400 <c>InvalidRequest</c> (no, too many or malformed
/// CIDs), 400 <c>BlockNotFound</c>, 400 <c>RepoNotFound</c>, <c>RepoTakendown</c>, <c>RepoDeactivated</c>.
/// Lexicon: com.atproto.sync.getBlocks.
/// </remarks>
/// <param name="access">The availability check.</param>
/// <param name="reader">Reads the blocks.</param>
public sealed class GetBlocks(RepoReadAccess access, SyncReader reader) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.sync.getBlocks");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var did = await access.RequireServableDidAsync(call);
        var cids = call.GetAll<string>("cids", SyncReader.MaxBlocksPerRequest).Select(c => XrpcInput.ParseCid("cids", c)!.Value).ToList();
        if (cids.Count == 0)
        {
            throw XrpcException.InvalidRequest("Missing required query parameter \"cids\"");
        }

        var blocks = await reader.GetBlocksAsync(did, cids, call.Aborted);
        return SyncOutput.Car([], blocks);
    }
}
