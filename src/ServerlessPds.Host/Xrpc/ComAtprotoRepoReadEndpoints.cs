using System.Text.Json;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The <c>com.atproto.repo.*</c> reads: getRecord, listRecords and describeRepo, for any repo hosted here, without auth.
/// A repo whose account is not active is refused (400 <c>RepoTakendown</c>/<c>RepoDeactivated</c>) unless the caller is
/// the account itself or the admin (<see cref="ComAtprotoSyncEndpoints"/>).
/// </summary>
/// <remarks>Lexicons: com.atproto.repo.getRecord, listRecords, describeRepo.</remarks>
public static class ComAtprotoRepoReadEndpoints
{
    /// <summary>The default page size of listRecords (lexicon default).</summary>
    public const int DefaultListLimit = 50;

    /// <summary>The largest page size of listRecords (lexicon maximum).</summary>
    public const int MaxListLimit = 100;

    /// <summary>Maps the read methods on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoRepoReads(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery("com.atproto.repo.getRecord", GetRecordAsync);
        xrpc.MapXrpcQuery("com.atproto.repo.listRecords", ListRecordsAsync);
        xrpc.MapXrpcQuery("com.atproto.repo.describeRepo", DescribeRepoAsync);
        return xrpc;
    }

    private static async Task<IResult> GetRecordAsync(HttpRequest request, IAccountStore accounts, RepoReader reader)
    {
        var did = ComAtprotoSyncEndpoints.RequireServable(
            request.HttpContext, await RepoIdentifier.ResolveAccountAsync(accounts, request.GetRequired<string>("repo"), request.HttpContext.RequestAborted)).Did;
        var collection = request.GetRequired<Nsid>("collection");
        var rkey = request.GetRequired<RecordKey>("rkey");
        var cid = XrpcInput.ParseCid("cid", request.GetOptional<string>("cid"));
        var record = await reader.GetRecordAsync(did, collection, rkey, cid, request.HttpContext.RequestAborted)
            ?? throw XrpcException.RecordNotFound($"at://{did}/{collection}/{rkey}");
        return Results.Ok(new RecordOutput(record.Uri.Value, record.Cid.ToString(), RecordPreparation.ToJson(record.Value)));
    }

    private static async Task<IResult> ListRecordsAsync(HttpRequest request, IAccountStore accounts, RepoReader reader)
    {
        var did = ComAtprotoSyncEndpoints.RequireServable(
            request.HttpContext, await RepoIdentifier.ResolveAccountAsync(accounts, request.GetRequired<string>("repo"), request.HttpContext.RequestAborted)).Did;
        var collection = request.GetRequired<Nsid>("collection");
        var limit = request.GetLimit(DefaultListLimit, MaxListLimit);
        var cursor = request.GetCursor() is { } c ? XrpcInput.Parse<RecordKey>("cursor", c) : null;
        var page = await reader.ListRecordsAsync(did, collection, limit, cursor, request.GetBoolean("reverse", false), request.HttpContext.RequestAborted);
        var records = page.Records.Select(r => new RecordOutput(r.Uri.Value, r.Cid.ToString(), RecordPreparation.ToJson(r.Value))).ToList();
        return Results.Ok(new ListRecordsOutput(records, page.Cursor?.Value));
    }

    private static async Task<IResult> DescribeRepoAsync(HttpRequest request, IAccountStore accounts, IRepoStore repos, DidDocumentSource documents)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var account = ComAtprotoSyncEndpoints.RequireServable(
            request.HttpContext, await RepoIdentifier.ResolveAccountAsync(accounts, request.GetRequired<string>("repo"), cancellationToken));
        var did = account.Did;
        var document = await documents.FindAsync(did, cancellationToken);
        using var json = JsonDocument.Parse(document?.ToJson() ?? "{}");
        var collections = await CollectionsAsync(repos, did, cancellationToken);
        return Results.Ok(new DescribeRepoOutput(account.Handle.Value, did.Value, json.RootElement.Clone(), collections, document?.Handle == account.Handle));
    }

    /// <summary>Lists the collections of a repo by skipping through its MST one collection at a time.</summary>
    private static async Task<IReadOnlyList<string>> CollectionsAsync(IRepoStore repos, Did did, CancellationToken cancellationToken)
    {
        var head = await repos.GetHeadAsync(did, cancellationToken);
        var collections = new List<string>();
        if (head is null)
        {
            return collections;
        }

        var tree = Mst.Load(new StoreBlockSource(repos, did), head.DataCid);
        string? after = null;
        while (true)
        {
            string? key = null;
            await foreach (var entry in tree.ListAsync(after, cancellationToken: cancellationToken))
            {
                key = entry.Key;
                break;
            }

            if (key is null)
            {
                return collections;
            }

            var collection = key[..key.IndexOf('/', StringComparison.Ordinal)];
            collections.Add(collection);
            after = collection + "/\u007f"; // every rkey character sorts below 0x7F
        }
    }

    private sealed class StoreBlockSource(IRepoStore repos, Did did) : IBlockSource
    {
        public async ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) =>
            await repos.GetBlockAsync(did, cid, cancellationToken);
    }
}
