using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// <see cref="IRepoStore"/> on Azure Table Storage: one partition of table <c>repos</c> per DID holds the head, the
/// blocks, the record index and the outbox, so a commit is one entity group transaction conditional on the head's ETag.
/// Blocks and outbox bodies too large for a row live in blob containers <c>blocks</c> and <c>events</c>.
/// </summary>
/// <remarks>
/// <para>docs/architecture.md, "Storage layout" and "The commit path" step 5. Keys: see <c>TableKeys</c> (record index
/// <c>r:&lt;collection&gt; &lt;rkey&gt;</c> ascending and <c>v:…</c> descending, hashed when longer than 512 characters).</para>
/// <para>Rows: <c>head</c> (Commit, Rev, Data; during a big commit also Debt and DebtDone); <c>b:&lt;cid&gt;</c> (the
/// bytes in 64 KiB properties D0…, or Blob = true); <c>r:</c>/<c>v:</c> (Path, Cid, Rev); <c>o:&lt;rev&gt;</c> (the
/// events, inline or Blob = true); <c>x:&lt;rev&gt;</c> (the index changes of a big commit, while being applied).</para>
/// <para>Errors: a lost head race is <see cref="RepoConcurrencyException"/>; storage that cannot be reached is a 503
/// <c>ServiceUnavailable</c> <see cref="Protocol.Xrpc.XrpcException"/> (its inner exception the
/// the SDK's exception); other storage failures are <see cref="RequestFailedException"/>; rows that do not
/// decode are <see cref="InvalidDataException"/>. Thread-safe; one instance per process is enough.</para>
/// </remarks>
public sealed partial class TableRepoStore : IRepoStore
{
    private const int MaxParallelRequests = 4;
    private readonly TableClient _table;
    private readonly BlobContainerClient _blocks;
    private readonly BlobContainerClient _events;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="connection">The storage account (Table and Blob endpoints).</param>
    /// <param name="names">The tables and containers; <see cref="AzureRepoStorageNames.Default"/> when <see langword="null"/>.
    /// They must exist (<see cref="AzureStorageSetup.CreateTablesAndContainersAsync"/>).</param>
    /// <exception cref="InvalidOperationException"><paramref name="connection"/> lacks a Table or Blob endpoint.</exception>
    public TableRepoStore(StorageConnection connection, AzureRepoStorageNames? names = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        names ??= AzureRepoStorageNames.Default;
        _table = connection.GetTableClient(names.ReposTable);
        _blocks = connection.GetBlobContainerClient(names.BlocksContainer);
        _events = connection.GetBlobContainerClient(names.EventsContainer);
    }

    /// <inheritdoc/>
    /// <remarks>When the head shows a big commit whose index changes are unfinished (its writer crashed), this finishes them first.</remarks>
    public Task<RepoHead?> GetHeadAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
        {
            var entity = await ReadHeadEntityAsync(did, cancellationToken).ConfigureAwait(false);
            return entity is null ? null : ToHead(entity);
        });
    }

    /// <inheritdoc/>
    public Task<ReadOnlyMemory<byte>?> GetBlockAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
        {
            var entity = await _table.GetAsync(TableKeys.Partition(did), TableKeys.Block(cid), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (entity is null)
            {
                return null;
            }

            if (!BinaryChunks.IsBlobPointer(entity))
            {
                return (ReadOnlyMemory<byte>?)BinaryChunks.GetInline(entity);
            }

            var bytes = await DownloadAsync(_blocks, TableKeys.BlockBlob(did, cid), cancellationToken).ConfigureAwait(false);
            return bytes is null ? null : (ReadOnlyMemory<byte>?)bytes;
        });
    }

    /// <inheritdoc/>
    /// <remarks>Blocks over 640 KiB go to blob <c>blocks/&lt;did&gt;/&lt;cid&gt;</c> first; the rows follow in transactions of up to 100.</remarks>
    public Task PutBlocksAsync(Did did, IReadOnlyList<RepoBlock> blocks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(blocks);
        return StorageFailures.GuardAsync(async () =>
        {
            var actions = await BlockActionsAsync(did, blocks, cancellationToken).ConfigureAwait(false);
            await SubmitAllAsync(actions, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <inheritdoc/>
    public Task<Cid?> GetRecordCidAsync(Did did, RepoPath path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(path);
        return StorageFailures.GuardAsync(async () =>
        {
            var entity = await _table.GetAsync(TableKeys.Partition(did), TableKeys.Record(path), cancellationToken: cancellationToken).ConfigureAwait(false);
            return entity is null ? null : (Cid?)ReadIndexRow(entity).Cid;
        });
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Descending order reads the <c>v:</c> rows and ascending the <c>r:</c> rows, each a single forward range. Exact
    /// rkey order, except among rkeys so long that their keys are hashed and that share their first ~150 characters.
    /// </remarks>
    public Task<RecordPage> ListRecordsAsync(Did did, Nsid collection, RecordKey? cursor, int limit, bool reverse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return StorageFailures.GuardAsync(async () =>
        {
            var prefix = reverse ? TableKeys.RecordPrefix(collection) : TableKeys.DescendingPrefix(collection);
            var filter = cursor is null
                ? TableQueries.Range(TableKeys.Partition(did), prefix, inclusive: true, TableKeys.RangeEnd(prefix))
                : TableQueries.Range(TableKeys.Partition(did), reverse
                    ? TableKeys.Record(RepoPath.Create(collection, cursor))
                    : TableKeys.RecordDescending(RepoPath.Create(collection, cursor)), inclusive: false, TableKeys.RangeEnd(prefix));
            var rows = await QueryAsync(filter, limit == int.MaxValue ? limit : limit + 1, cancellationToken).ConfigureAwait(false);
            var records = rows.Take(limit).Select(ReadIndexRow).ToList();
            return new RecordPage(records, rows.Count > limit ? records[^1].Path.Rkey : null);
        });
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
        {
            var rows = await QueryAsync(RangeFilter(did, TableKeys.OutboxPrefix), int.MaxValue, cancellationToken).ConfigureAwait(false);
            var entries = new List<OutboxEntry>(rows.Count);
            foreach (var row in rows)
            {
                var rev = Tid.Parse(row.RowKey[TableKeys.OutboxPrefix.Length..]);
                var bytes = BinaryChunks.IsBlobPointer(row)
                    ? await DownloadAsync(_events, TableKeys.EventBlob(did, rev), cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidDataException($"The outbox entry {rev} of {did} points to a missing blob.")
                    : BinaryChunks.GetInline(row);
                entries.Add(new OutboxEntry(rev, OutboxCodec.Decode(bytes)));
            }

            return (IReadOnlyList<OutboxEntry>)entries;
        });
    }

    /// <inheritdoc/>
    /// <remarks>The bodies of large entries stay in blob <c>events</c>: the event log's rows point at the same blob.</remarks>
    public Task DeleteOutboxAsync(Did did, IReadOnlyList<Tid> revs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(revs);
        var pk = TableKeys.Partition(did);
        var actions = revs.Select(r => TableKeys.Outbox(r)).Distinct(StringComparer.Ordinal)
            .Select(rk => TableQueries.Delete(pk, rk, ETag.All));
        return StorageFailures.GuardAsync(() => SubmitAllAsync(actions, cancellationToken));
    }

    /// <summary>
    /// Reads every block stored for the repo in one forward scan of its <c>b:</c> rows (1,000 per request; blob-held
    /// blocks fetched as they come): the fast path for a full export (<c>com.atproto.sync.getRepo</c>). Blocks of earlier
    /// commits and of commits that lost a race are included, so an export keeps only those reachable from the head.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the scan.</param>
    /// <returns>The blocks in CID-string order.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">503 <c>ServiceUnavailable</c> when storage cannot be reached.</exception>
    /// <exception cref="InvalidDataException">A block row does not decode.</exception>
    public async IAsyncEnumerable<RepoBlock> ScanBlocksAsync(Did did, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var pages = _table.QueryAsync<TableEntity>(RangeFilter(did, "b:"), TableLimits.MaxEntitiesPerPage, cancellationToken: cancellationToken)
            .AsPages().GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (await StorageFailures.GuardAsync(async () => await pages.MoveNextAsync().ConfigureAwait(false)).ConfigureAwait(false))
            {
                foreach (var row in pages.Current.Values)
                {
                    var cid = Cid.Parse(row.RowKey[2..]);
                    var bytes = BinaryChunks.IsBlobPointer(row)
                        ? await StorageFailures.GuardAsync(() => DownloadAsync(_blocks, TableKeys.BlockBlob(did, cid), cancellationToken)).ConfigureAwait(false)
                            ?? throw new InvalidDataException($"The block {cid} of {did} points to a missing blob.")
                        : BinaryChunks.GetInline(row);
                    yield return new RepoBlock(cid, bytes);
                }
            }
        }
    }

    private static RepoHead ToHead(TableEntity entity) => new(
        Cid.Parse(Required(entity, "Commit")),
        Tid.Parse(Required(entity, "Rev")),
        Cid.Parse(Required(entity, "Data")),
        entity.ETag.ToString())
    {
        WriteStatus = ReadWriteStatus(entity),
        Receipts = entity.GetString(ReceiptsProperty),
    };

    private static RecordIndexEntry ReadIndexRow(TableEntity entity) => new(
        RepoPath.Parse(Required(entity, "Path")), Cid.Parse(Required(entity, "Cid")), Tid.Parse(Required(entity, "Rev")));

    private static string Required(TableEntity entity, string name) =>
        entity.GetString(name) ?? throw new InvalidDataException($"Row ({entity.PartitionKey}, {entity.RowKey}) has no {name}.");

    private static string RangeFilter(Did did, string prefix) => TableQueries.StartsWith(TableKeys.Partition(did), prefix);

    private Task<List<TableEntity>> QueryAsync(string filter, int max, CancellationToken cancellationToken) =>
        _table.QueryRowsAsync(filter, max, cancellationToken: cancellationToken);

    private static async Task<ReadOnlyMemory<byte>?> DownloadAsync(BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        try
        {
            var download = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return download.Value.Content.ToMemory();
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode is null or StorageErrors.BlobNotFound)
        {
            return null;
        }
    }
}
