using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The <c>com.atproto.sync.*</c> queries: getRepo, getLatestCommit, getRecord, getBlocks (CARs, <c>application/vnd.ipld.car</c>),
/// getRepoStatus and listRepos (JSON). No auth; repos of accounts that are not active are refused (400
/// <c>RepoTakendown</c>/<c>RepoDeactivated</c>) unless the caller is the account itself or the admin, while getRepoStatus
/// and listRepos report the status instead.
/// </summary>
/// <remarks>Lexicons com.atproto.sync.*; atproto.com/specs/sync; atproto.com/specs/account ("Account Status").</remarks>
public static class ComAtprotoSyncEndpoints
{
    /// <summary>The media type of CAR responses.</summary>
    public const string CarContentType = "application/vnd.ipld.car";

    /// <summary>The default page size of listRepos (lexicon default).</summary>
    public const int DefaultListReposLimit = 500;

    /// <summary>The largest page size of listRepos (lexicon maximum).</summary>
    public const int MaxListReposLimit = 1000;

    private const int MaxParallelHeadReads = 16;

    /// <summary>Maps the sync queries on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoSync(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery("com.atproto.sync.getRepo", GetRepoAsync);
        xrpc.MapXrpcQuery("com.atproto.sync.getLatestCommit", GetLatestCommitAsync);
        xrpc.MapXrpcQuery("com.atproto.sync.getRecord", GetRecordAsync);
        xrpc.MapXrpcQuery("com.atproto.sync.getBlocks", GetBlocksAsync);
        xrpc.MapXrpcQuery("com.atproto.sync.getRepoStatus", GetRepoStatusAsync);
        xrpc.MapXrpcQuery("com.atproto.sync.listRepos", ListReposAsync);
        return xrpc;
    }

    private static async Task GetRepoAsync(HttpContext context, RepoExporter exporter, IRepoStore repos)
    {
        var did = await RequireServableDidAsync(context);
        var since = context.Request.GetOptional<Tid>("since");
        var head = await RequireHeadAsync(repos, did, context.RequestAborted);
        await using var export = await exporter.PrepareAsync(did, head, since, context.RequestAborted);
        context.Response.ContentType = CarContentType;
        context.Response.ContentLength = export.Length;
        await export.WriteToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task<IResult> GetLatestCommitAsync(HttpContext context, IRepoStore repos)
    {
        var did = await RequireServableDidAsync(context);
        var head = await RequireHeadAsync(repos, did, context.RequestAborted);
        return Results.Ok(new LatestCommitOutput(head.CommitCid.ToString(), head.Rev.Value));
    }

    private static async Task GetRecordAsync(HttpContext context, SyncReader reader, IRepoStore repos)
    {
        var did = await RequireServableDidAsync(context);
        var path = RepoPath.Create(context.Request.GetRequired<Nsid>("collection"), context.Request.GetRequired<RecordKey>("rkey"));
        var head = await RequireHeadAsync(repos, did, context.RequestAborted);
        var (_, blocks) = await reader.GetRecordProofAsync(did, head, path, context.RequestAborted);
        await WriteCarAsync(context, [head.CommitCid], blocks);
    }

    private static async Task GetBlocksAsync(HttpContext context, SyncReader reader)
    {
        var did = await RequireServableDidAsync(context);
        var cids = context.Request.GetAll<string>("cids", SyncReader.MaxBlocksPerRequest).Select(c => XrpcInput.ParseCid("cids", c)!.Value).ToList();
        if (cids.Count == 0)
        {
            throw XrpcException.InvalidRequest("Missing required query parameter \"cids\"");
        }

        var blocks = await reader.GetBlocksAsync(did, cids, context.RequestAborted);
        await WriteCarAsync(context, [], blocks);
    }

    private static async Task<IResult> GetRepoStatusAsync(HttpContext context, IAccountStore accounts, IRepoStore repos)
    {
        var did = context.Request.GetRequired<Did>("did");
        var account = await accounts.GetAccountAsync(did, context.RequestAborted) ?? throw XrpcException.RepoNotFound(did);
        var head = await repos.GetHeadAsync(did, context.RequestAborted);
        var active = account.Status == AccountStatus.Active;
        return Results.Ok(new RepoStatusOutput(did.Value, active, StatusName(account.Status), active ? head?.Rev.Value : null));
    }

    private static async Task<IResult> ListReposAsync(HttpContext context, IAccountStore accounts, IRepoStore repos)
    {
        var limit = context.Request.GetLimit(DefaultListReposLimit, MaxListReposLimit);
        var cursor = context.Request.GetCursor() is { } c ? XrpcInput.Parse<Did>("cursor", c) : null;
        var page = await accounts.ListAccountsAsync(cursor, limit, context.RequestAborted);
        var heads = new RepoHead?[page.Accounts.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, heads.Length),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelHeadReads, CancellationToken = context.RequestAborted },
            async (i, ct) => heads[i] = await repos.GetHeadAsync(page.Accounts[i].Did, ct));
        var list = page.Accounts.Zip(heads)
            .Where(p => p.Second is not null)
            .Select(p => new ListReposRepo(
                p.First.Did.Value, p.Second!.CommitCid.ToString(), p.Second.Rev.Value, p.First.Status == AccountStatus.Active, StatusName(p.First.Status)))
            .ToList();
        return Results.Ok(new ListReposOutput(page.Cursor?.Value, list));
    }

    /// <summary>
    /// Parses <c>did</c> and requires its repo to be servable to this caller; the account itself (a valid access token
    /// of that DID, also a taken-down session) and the admin (Basic auth) may read a repo that is not active.
    /// </summary>
    internal static async Task<Did> RequireServableDidAsync(HttpContext context, string parameter = "did")
    {
        var did = context.Request.GetRequired<Did>(parameter);
        await RequireServableAsync(context, did);
        return did;
    }

    /// <summary>Requires <paramref name="did"/>'s repo to be servable to this caller (see <see cref="RepoAvailability"/>).</summary>
    internal static Task<AccountRecord> RequireServableAsync(HttpContext context, Did did) =>
        context.RequestServices.GetRequiredService<RepoAvailability>().RequireServableAsync(did, IsOwnerOrAdmin(context, did), context.RequestAborted);

    /// <summary>Requires an account already read to have its repo servable to this caller, without reading it again.</summary>
    internal static AccountRecord RequireServable(HttpContext context, AccountRecord account) =>
        RepoAvailability.RequireServable(account, IsOwnerOrAdmin(context, account.Did));

    private static bool IsOwnerOrAdmin(HttpContext context, Did did)
    {
        var authorization = context.Authorization();
        if (authorization is null)
        {
            return false;
        }

        var verifier = context.RequestServices.GetRequiredService<Pds.Auth.AuthVerifier>();
        if (verifier.IsAdmin(authorization))
        {
            return true;
        }

        try
        {
            // The token alone (no session read): it only lets the owner see their own unavailable repo.
            return verifier.VerifyAccess(authorization, Pds.Auth.AccessLevel.Standard, allowTakendown: true).Did == did;
        }
        catch (XrpcException)
        {
            return false;
        }
    }

    private static async Task<RepoHead> RequireHeadAsync(IRepoStore repos, Did did, CancellationToken cancellationToken) =>
        await repos.GetHeadAsync(did, cancellationToken) ?? throw XrpcException.RepoNotFound(did);

    private static async Task WriteCarAsync(HttpContext context, IReadOnlyList<Cid> roots, IReadOnlyList<RepoBlock> blocks)
    {
        context.Response.ContentType = CarContentType;
        var car = await CarWriter.CreateAsync(context.Response.Body, roots, context.RequestAborted);
        await using (car)
        {
            foreach (var block in blocks)
            {
                await car.WriteBlockAsync(block.Cid, block.Bytes, context.RequestAborted);
            }
        }
    }

    private static string? StatusName(AccountStatus status) => status switch
    {
        AccountStatus.Takendown => "takendown",
        AccountStatus.Deactivated => "deactivated",
        AccountStatus.Deleted => "deleted",
        _ => null,
    };
}
