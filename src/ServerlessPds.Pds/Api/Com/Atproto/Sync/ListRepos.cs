using ServerlessPds.Pds.Lexicons.Com.Atproto.Sync;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// <c>com.atproto.sync.listRepos</c>: one page of the repos hosted here, in DID order, with their head and status
/// (accounts without a repo yet are left out). Auth: none. Parameters <c>limit</c> (1 to <see cref="MaxLimit"/>,
/// default <see cref="DefaultLimit"/>), <c>cursor</c> (a DID); output <see cref="ListReposOutput"/>.
/// </summary>
/// <remarks>Errors: 400 <c>InvalidRequest</c>. Lexicon: com.atproto.sync.listRepos.</remarks>
/// <param name="accounts">Lists the accounts.</param>
/// <param name="repos">Reads the heads.</param>
public sealed class ListRepos(IAccountStore accounts, IRepoStore repos) : IXrpcHandler
{
    /// <summary>The default page size (lexicon default).</summary>
    public const int DefaultLimit = 500;

    /// <summary>The largest page size (lexicon maximum).</summary>
    public const int MaxLimit = 1000;

    private const int MaxParallelHeadReads = 16;

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.sync.listRepos");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var limit = call.GetLimit(DefaultLimit, MaxLimit);
        var cursor = call.GetCursor() is { } c ? XrpcInput.Parse<Did>("cursor", c) : null;
        var page = await accounts.ListAccountsAsync(cursor, limit, call.Aborted);
        var heads = new RepoHead?[page.Accounts.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, heads.Length),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelHeadReads, CancellationToken = call.Aborted },
            async (i, ct) => heads[i] = await repos.GetHeadAsync(page.Accounts[i].Did, ct));
        var list = page.Accounts.Zip(heads)
            .Where(p => p.Second is not null)
            .Select(p => new ListReposRepo(
                p.First.Did.Value, p.Second!.CommitCid.ToString(), p.Second.Rev.Value, p.First.Status == AccountStatus.Active,
                SyncOutput.StatusName(p.First.Status)))
            .ToList();
        return XrpcResult.Json(new ListReposOutput(page.Cursor?.Value, list));
    }
}
