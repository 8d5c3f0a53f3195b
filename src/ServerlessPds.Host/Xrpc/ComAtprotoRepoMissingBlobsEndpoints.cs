using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// com.atproto.repo.listMissingBlobs: the blobs the caller's records reference that the blob store does not hold
/// (account migration). Needs an access token; the account's status is not checked, so a deactivated account being
/// migrated in can ask.
/// </summary>
/// <remarks>Lexicon: com.atproto.repo.listMissingBlobs. docs/architecture.md, "Blob references".</remarks>
public static class ComAtprotoRepoMissingBlobsEndpoints
{
    /// <summary>The default page size (lexicon default).</summary>
    public const int DefaultLimit = 500;

    /// <summary>The largest page size (lexicon maximum).</summary>
    public const int MaxLimit = 1000;

    /// <summary>Maps the method on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoRepoMissingBlobs(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery("com.atproto.repo.listMissingBlobs", ListMissingBlobsAsync);
        return xrpc;
    }

    private static async Task<IResult> ListMissingBlobsAsync(HttpContext context, RepoBlobReport blobs)
    {
        var did = (await context.RequireAccessAsync()).Did;
        var limit = context.Request.GetLimit(DefaultLimit, MaxLimit);
        var page = await blobs.ListMissingAsync(did, context.Request.GetCursor(), limit, context.RequestAborted);
        var output = page.Blobs.Select(b => new RecordBlobOutput(b.Cid.ToString(), AtUri.Create(did, b.Path).Value)).ToList();
        return Results.Ok(new ListMissingBlobsOutput(page.Cursor, output));
    }
}
