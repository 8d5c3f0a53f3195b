using System.Text.Json;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.describeRepo</c>: a repo's handle, DID, DID document and collections. Auth: none (as
/// <see cref="GetRecord"/>). Parameter <c>repo</c> (DID or handle); output <see cref="DescribeRepoOutput"/>
/// (<c>didDoc</c> is <c>{}</c> when the document cannot be resolved, and <c>handleIsCorrect</c> then false).
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (bad or unknown <c>repo</c>), 400 <c>RepoTakendown</c> / <c>RepoDeactivated</c>.
/// Lexicon: com.atproto.repo.describeRepo.
/// </remarks>
/// <param name="accounts">Resolves <c>repo</c>.</param>
/// <param name="access">The availability check.</param>
/// <param name="repos">Reads the repo's head and MST.</param>
/// <param name="documents">Resolves the DID document.</param>
public sealed class DescribeRepo(IAccountStore accounts, RepoReadAccess access, IRepoStore repos, IDidDocumentSource documents) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.repo.describeRepo");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var cancellationToken = call.Aborted;
        var account = access.RequireServable(
            call, await RepoIdentifier.ResolveAccountAsync(accounts, call.GetRequired<string>("repo"), cancellationToken));
        var did = account.Did;
        var document = await documents.GetDidDocumentAsync(did, cancellationToken);
        using var empty = JsonDocument.Parse("{}");
        var didDoc = document ?? empty.RootElement.Clone();
        var handleIsCorrect = document is { } json && DidDocument.FromJson(json).Handle == account.Handle;
        var collections = await CollectionsAsync(did, cancellationToken);
        return XrpcResult.Json(new DescribeRepoOutput(account.Handle.Value, did.Value, didDoc, collections, handleIsCorrect));
    }

    /// <summary>Lists the collections of a repo by skipping through its MST one collection at a time.</summary>
    private async Task<IReadOnlyList<string>> CollectionsAsync(Did did, CancellationToken cancellationToken)
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
