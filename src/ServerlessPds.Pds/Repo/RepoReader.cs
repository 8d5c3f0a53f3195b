using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Repo;

/// <summary>Reads repos through the record index: heads, single records and pages of a collection.</summary>
/// <remarks>
/// Spec: lexicons com.atproto.repo.getRecord, listRecords; com.atproto.sync.getLatestCommit. Reads see every commit
/// whose <see cref="IRepoStore.CommitAsync"/> has returned. Thread-safe.
/// </remarks>
/// <param name="repos">The repo store.</param>
public sealed class RepoReader(IRepoStore repos)
{
    /// <summary>The most records one <see cref="ListRecordsAsync"/> returns (lexicon <c>limit</c> maximum).</summary>
    public const int MaxListLimit = 100;

    /// <summary>Reads the repo's head: its commit CID and rev.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The head, or <see langword="null"/> when there is no such repo.</returns>
    public Task<RepoHead?> GetHeadAsync(Did did, CancellationToken cancellationToken = default) =>
        repos.GetHeadAsync(did, cancellationToken);

    /// <summary>Reads one record.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="rkey">The record key.</param>
    /// <param name="cid">When given, the record is returned only if its CID is this one.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The record, or <see langword="null"/> when there is none (or it has another CID).</returns>
    /// <exception cref="InvalidOperationException">The index names a block the store does not hold (a corrupt repo).</exception>
    public async Task<RepoRecord?> GetRecordAsync(Did did, Nsid collection, RecordKey rkey, Cid? cid = null, CancellationToken cancellationToken = default)
    {
        var path = RepoPath.Create(collection, rkey);
        var current = await repos.GetRecordCidAsync(did, path, cancellationToken).ConfigureAwait(false);
        if (current is not { } found || (cid is { } wanted && wanted != found))
        {
            return null;
        }

        return await LoadAsync(did, path, found, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists a page of a collection's records, by rkey.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="limit">1 to <see cref="MaxListLimit"/> records.</param>
    /// <param name="cursor">Continue after this rkey, or <see langword="null"/> to start.</param>
    /// <param name="reverse"><see langword="false"/> for descending rkeys (newest TID first); <see langword="true"/> for ascending.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The records and the next cursor.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> when <paramref name="limit"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The index names a block the store does not hold (a corrupt repo).</exception>
    public async Task<RepoRecordList> ListRecordsAsync(
        Did did, Nsid collection, int limit = 50, RecordKey? cursor = null, bool reverse = false, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            throw XrpcException.InvalidRequest($"limit must be between 1 and {MaxListLimit}.");
        }

        var page = await repos.ListRecordsAsync(did, collection, cursor, limit, reverse, cancellationToken).ConfigureAwait(false);
        var records = await Task.WhenAll(page.Records.Select(e => LoadAsync(did, e.Path, e.Cid, cancellationToken))).ConfigureAwait(false);
        return new RepoRecordList(records, page.Cursor);
    }

    private async Task<RepoRecord> LoadAsync(Did did, RepoPath path, Cid cid, CancellationToken cancellationToken)
    {
        var bytes = await repos.GetBlockAsync(did, cid, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The repo {did} indexes {path} at {cid} but holds no such block.");
        return new RepoRecord(AtUri.Create(did, path), cid, DagCbor.Decode(bytes.Span));
    }
}
