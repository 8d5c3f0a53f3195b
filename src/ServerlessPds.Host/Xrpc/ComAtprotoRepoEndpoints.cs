using System.Text.Json;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The <c>com.atproto.repo.*</c> record methods: createRecord, putRecord, deleteRecord, applyWrites (the caller's own
/// repo, active accounts only) and getRecord, listRecords, describeRepo (any hosted repo, no auth).
/// </summary>
/// <remarks>Lexicons: lexicons/com/atproto/repo/*.json; the writes go through <see cref="RepoWriter"/>, see <see cref="RecordWrites"/>.</remarks>
public static class ComAtprotoRepoEndpoints
{
    /// <summary>The most writes one applyWrites may carry (lexicon com.atproto.repo.applyWrites, as the reference PDS).</summary>
    public const int MaxApplyWrites = 200;

    /// <summary>Maps the <c>com.atproto.repo.*</c> methods on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoRepo(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcProcedure("com.atproto.repo.createRecord", CreateRecordAsync);
        xrpc.MapXrpcProcedure("com.atproto.repo.putRecord", PutRecordAsync);
        xrpc.MapXrpcProcedure("com.atproto.repo.deleteRecord", DeleteRecordAsync);
        xrpc.MapXrpcProcedure("com.atproto.repo.applyWrites", ApplyWritesAsync);
        xrpc.MapComAtprotoRepoReads();
        return xrpc;
    }

    private static async Task<IResult> CreateRecordAsync(HttpContext context, IAccountStore accounts)
    {
        var caller = await context.RequireAccessAsync();
        var input = await context.Request.ReadJsonAsync<CreateRecordInput>(context.RequestAborted);
        var did = await RecordWrites.ResolveOwnRepoAsync(accounts, input.Repo, caller.Did, context.RequestAborted);
        var collection = RecordWrites.Parse<Nsid>("collection", input.Collection);
        var rkey = input.Rkey is null ? null : RecordWrites.Parse<RecordKey>("rkey", input.Rkey);
        var (record, status) = RecordWrites.Prepare(collection, rkey, input.Record, input.Validate);
        var result = await CommitAsync(context, did, [RepoWrite.Create(collection, rkey, record)], input.SwapCommit);
        var written = result.Results[0];
        return Results.Ok(new WriteRecordOutput(written.Uri.Value, written.Cid.ToString()!, RecordWrites.Commit(result), status));
    }

    private static async Task<IResult> PutRecordAsync(HttpContext context, IAccountStore accounts)
    {
        var caller = await context.RequireAccessAsync();
        var body = await context.Request.ReadJsonAsync<JsonElement>(context.RequestAborted);
        var input = body.Deserialize<PutRecordInput>(XrpcJson.Options)!;
        var did = await RecordWrites.ResolveOwnRepoAsync(accounts, input.Repo, caller.Did, context.RequestAborted);
        var collection = RecordWrites.Parse<Nsid>("collection", input.Collection);
        var rkey = RecordWrites.Parse<RecordKey>("rkey", input.Rkey);
        var (record, status) = RecordWrites.Prepare(collection, rkey, input.Record, input.Validate);
        var swap = body.TryGetProperty("swapRecord", out var given) && given.ValueKind == JsonValueKind.Null ? RecordSwap.Absent : Swap(input.SwapRecord);
        var write = RepoWrite.Put(collection, rkey, record) with { SwapRecord = swap };
        var result = await CommitAsync(context, did, [write], input.SwapCommit);
        var written = result.Results[0];
        return Results.Ok(new WriteRecordOutput(written.Uri.Value, written.Cid.ToString()!, RecordWrites.Commit(result), status));
    }

    /// <summary>
    /// deleteRecord. Deleting a record that does not exist is a no-op answered 200 with no <c>commit</c>, whatever the
    /// swaps say, as the reference PDS answers; a record deleted by a concurrent write between that check and the commit
    /// answers 400 <c>InvalidRequest</c>.
    /// </summary>
    private static async Task<IResult> DeleteRecordAsync(HttpContext context, IAccountStore accounts, RepoReader reader)
    {
        var caller = await context.RequireAccessAsync();
        var input = await context.Request.ReadJsonAsync<DeleteRecordInput>(context.RequestAborted);
        var did = await RecordWrites.ResolveOwnRepoAsync(accounts, input.Repo, caller.Did, context.RequestAborted);
        var collection = RecordWrites.Parse<Nsid>("collection", input.Collection);
        var rkey = RecordWrites.Parse<RecordKey>("rkey", input.Rkey);
        if (await reader.GetRecordAsync(did, collection, rkey, cancellationToken: context.RequestAborted) is null)
        {
            return Results.Ok(new DeleteRecordOutput(null));
        }

        var write = RepoWrite.Delete(collection, rkey) with { SwapRecord = Swap(input.SwapRecord) };
        var result = await CommitAsync(context, did, [write], input.SwapCommit);
        return Results.Ok(new DeleteRecordOutput(RecordWrites.Commit(result)));
    }

    private static async Task<IResult> ApplyWritesAsync(HttpContext context, IAccountStore accounts)
    {
        var caller = await context.RequireAccessAsync();
        var input = await context.Request.ReadJsonAsync<ApplyWritesInput>(context.RequestAborted);
        var did = await RecordWrites.ResolveOwnRepoAsync(accounts, input.Repo, caller.Did, context.RequestAborted);
        if (input.Writes.Count > MaxApplyWrites)
        {
            throw XrpcException.InvalidRequest($"Too many writes. Max: {MaxApplyWrites}");
        }

        var prepared = input.Writes.Select(w => ApplyWritesMapping.ToWrite(w, input.Validate)).ToList();
        var result = await CommitAsync(context, did, [.. prepared.Select(p => p.Write)], input.SwapCommit);
        return Results.Ok(new ApplyWritesOutput(RecordWrites.Commit(result), ApplyWritesMapping.ToResults(result, prepared)));
    }

    private static async Task<RepoCommitResult> CommitAsync(HttpContext context, Did did, IReadOnlyList<RepoWrite> writes, string? swapCommit)
    {
        var services = context.RequestServices;
        context.Apply(services.GetRequiredService<WriteRateLimiter>().Consume(
            did, writes.Count(w => w.Action == RepoWriteAction.Create), writes.Count(w => w.Action is RepoWriteAction.Update or RepoWriteAction.Put),
            writes.Count(w => w.Action == RepoWriteAction.Delete)));
        try
        {
            // The caller was authenticated by token only: the writer refuses a deactivated or taken-down account from
            // the status its repo head records (401 AccountDeactivated / AccountTakedown, docs/architecture.md,
            // "The write gate"), and an account deleted since its token was issued answers as the auth check did.
            return await services.GetRequiredService<IRepoWriteSerializer>().ApplyWritesAsync(
                did, writes, RecordWrites.ParseCid("swapCommit", swapCommit), context.RequestAborted);
        }
        catch (XrpcException e) when (e.Error == XrpcErrorName.RepoNotFound || e.Error == AccountErrorNames.AccountNotFound)
        {
            throw new XrpcException(403, AccountErrorNames.AccountNotFound, "Account not found", e);
        }
    }

    private static RecordSwap? Swap(string? swapRecord) => swapRecord is null ? null : new RecordSwap(RecordWrites.ParseCid("swapRecord", swapRecord));
}
