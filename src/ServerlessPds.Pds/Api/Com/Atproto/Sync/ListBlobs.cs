using ServerlessPds.Pds.Blobs;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// <c>com.atproto.sync.listBlobs</c>: one page of the CIDs of an account's blobs that records reference, in CID order.
/// Auth: none (as <see cref="GetBlob"/>). Parameters <c>did</c>, <c>since</c> (a rev), <c>limit</c> (1 to
/// <see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>), <c>cursor</c> (a CID); output <see cref="ListBlobsOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c>, 400 <c>RepoNotFound</c>, <c>RepoTakendown</c>, <c>RepoDeactivated</c>.
/// Lexicon: com.atproto.sync.listBlobs.
/// </remarks>
/// <param name="access">The availability check.</param>
/// <param name="listing">Lists the blobs.</param>
public sealed class ListBlobs(RepoReadAccess access, BlobListing listing) : IXrpcHandler
{
    /// <summary>The default page size (lexicon default).</summary>
    public const int DefaultLimit = 500;

    /// <summary>The largest page size (lexicon maximum).</summary>
    public const int MaxLimit = 1000;

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.sync.listBlobs");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var did = call.GetRequired<Did>("did");
        var since = call.GetOptional<Tid>("since");
        var limit = call.GetLimit(DefaultLimit, MaxLimit);
        var cursor = XrpcInput.ParseCid("cursor", call.GetCursor());
        await access.RequireServableAsync(call, did);
        var (cids, next) = await listing.ListAsync(did, since, limit, cursor, call.Aborted);
        return XrpcResult.Json(new ListBlobsOutput(next?.ToString(), cids.Select(c => c.ToString()).ToList()));
    }
}
