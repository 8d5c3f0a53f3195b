using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// <see cref="IEventLog"/> on Azure Table Storage: partition <c>log</c> of table <c>events</c> holds the
/// <c>counter</c> row (the last seq; its ETag serialises sequencing across all instances), one row
/// <c>e:&lt;seq, 19 digits&gt;</c> per event and one dedupe row <c>d:&lt;did&gt; &lt;rev&gt;</c> per sequenced outbox
/// entry. Entries too large for rows keep their bodies in blob <c>events/&lt;did&gt;/&lt;rev&gt;</c>.
/// </summary>
/// <remarks>
/// <para>Spec: atproto.com/specs/event-stream, "Sequence Numbers". docs/architecture.md, "The commit path" step 6.</para>
/// <para>An append is one transaction: the counter replaced with <c>If-Match</c> (the ETag cached from this instance's
/// last append or read), the dedupe rows and the event rows inserted. A 412 means another instance sequenced first:
/// re-read the counter and retry with jittered back-off. A 409 on a dedupe row means the entry was sequenced before
/// (perhaps by this very call, whose answer was lost): its seq is read from the row and it is skipped. Entries that do
/// not fit in one transaction (100 operations, 4 MiB) are appended in consecutive transactions, in order.</para>
/// <para>Rows: <c>counter</c> (Seq); <c>e:</c> (Did, Rev, Type, Index, Count, At, the body in D0… or Blob = true);
/// <c>d:</c> (FirstSeq, Count). Storage that cannot be reached is a 503 <c>ServiceUnavailable</c>
/// <see cref="Protocol.Xrpc.XrpcException"/>. Thread-safe.</para>
/// </remarks>
public sealed partial class TableEventLog : IEventLog
{
    private readonly TableClient _table;
    private readonly BlobContainerClient _blobs;
    private readonly TimeProvider _time;
    private readonly object _counterLock = new();
    private readonly List<PendingAppend> _queue = [];
    private (long Seq, ETag ETag)? _counter;
    private bool _draining;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="connection">The storage account (Table and Blob endpoints).</param>
    /// <param name="names">The tables and containers; <see cref="AzureRepoStorageNames.Default"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that stamps events; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException"><paramref name="connection"/> lacks a Table or Blob endpoint.</exception>
    public TableEventLog(StorageConnection connection, AzureRepoStorageNames? names = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        names ??= AzureRepoStorageNames.Default;
        _table = connection.GetTableClient(names.EventsTable);
        _blobs = connection.GetBlobContainerClient(names.EventsContainer);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the most attempts one transaction gets while other instances keep winning the counter. Default 200.</summary>
    public int MaxAttempts { get; init; } = 200;

    /// <inheritdoc/>
    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return StorageFailures.GuardAsync(async () =>
        {
            var filter = TableQueries.Range(TableKeys.LogPartition, TableKeys.Event(Math.Max(afterSeq, 0)), inclusive: false, "e;");
            var events = new List<LoggedEvent>();
            var blobs = new Dictionary<string, IReadOnlyList<StoredEvent>>(StringComparer.Ordinal);
            var pages = _table.QueryAsync<TableEntity>(filter, Math.Min(limit, TableLimits.MaxEntitiesPerPage), cancellationToken: cancellationToken);
            await foreach (var page in pages.AsPages().ConfigureAwait(false))
            {
                foreach (var row in page.Values.Take(limit - events.Count))
                {
                    events.Add(await ReadEventAsync(row, blobs, cancellationToken).ConfigureAwait(false));
                }

                if (events.Count >= limit)
                {
                    break;
                }
            }

            return (IReadOnlyList<LoggedEvent>)events;
        });
    }

    /// <inheritdoc/>
    public Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default) =>
        StorageFailures.GuardAsync(async () => (await ReadCounterAsync(cancellationToken).ConfigureAwait(false))?.Seq ?? 0);

    /// <inheritdoc/>
    /// <remarks>Deletes in transactions of up to 100 rows, oldest first; blobs of large entries go with their last event.</remarks>
    public Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default) => StorageFailures.GuardAsync(async () =>
    {
        var filter = TableQueries.Range(TableKeys.LogPartition, TableKeys.EventPrefix, inclusive: true, TableKeys.Event(Math.Max(seq, 0)));
        var deleted = 0;
        var pages = _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Did", "Rev", "Index", "Count", "Blob"], cancellationToken: cancellationToken);
        await foreach (var page in pages.AsPages().ConfigureAwait(false))
        {
            var actions = new List<TableTransactionAction>();
            var blobs = new List<string>();
            foreach (var row in page.Values)
            {
                actions.Add(TableQueries.Delete(TableKeys.LogPartition, row.RowKey, ETag.All));
                if (row.GetInt32("Index") == row.GetInt32("Count") - 1)
                {
                    var did = Did.Parse(row.GetString("Did")!);
                    var rev = Tid.Parse(row.GetString("Rev")!);
                    actions.Add(TableQueries.Delete(TableKeys.LogPartition, TableKeys.Dedupe(did, rev), ETag.All));
                    if (BinaryChunks.IsBlobPointer(row))
                    {
                        blobs.Add(TableKeys.EventBlob(did, rev));
                    }
                }
            }

            foreach (var batch in TransactionPacking.Pack(actions))
            {
                await SubmitTolerantAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            foreach (var blob in blobs)
            {
                await _blobs.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            deleted += page.Values.Count;
        }

        return deleted;
    });

    private async Task<LoggedEvent> ReadEventAsync(TableEntity row, Dictionary<string, IReadOnlyList<StoredEvent>> blobs, CancellationToken cancellationToken)
    {
        var seq = long.Parse(row.RowKey.AsSpan(TableKeys.EventPrefix.Length), System.Globalization.CultureInfo.InvariantCulture);
        var did = Did.Parse(row.GetString("Did") ?? throw Corrupt(row, "Did"));
        var rev = Tid.Parse(row.GetString("Rev") ?? throw Corrupt(row, "Rev"));
        var at = row.GetDateTimeOffset("At") ?? throw Corrupt(row, "At");
        StoredEvent stored;
        if (BinaryChunks.IsBlobPointer(row))
        {
            var name = TableKeys.EventBlob(did, rev);
            if (!blobs.TryGetValue(name, out var entry))
            {
                var download = await _blobs.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
                blobs[name] = entry = OutboxCodec.Decode(download.Value.Content.ToArray());
            }

            var index = row.GetInt32("Index") ?? throw Corrupt(row, "Index");
            stored = index >= 0 && index < entry.Count ? entry[index] : throw Corrupt(row, "Index");
        }
        else
        {
            stored = new StoredEvent(row.GetString("Type") ?? throw Corrupt(row, "Type"), BinaryChunks.GetInline(row));
        }

        return new LoggedEvent(seq, did, rev, stored, at);
    }

    private static InvalidDataException Corrupt(TableEntity row, string property) =>
        new($"Event row {row.RowKey} has no valid {property}.");

    private async Task<(long Seq, ETag ETag)?> ReadCounterAsync(CancellationToken cancellationToken)
    {
        var row = await _table.GetAsync(TableKeys.LogPartition, TableKeys.Counter, cancellationToken: cancellationToken).ConfigureAwait(false);
        (long, ETag)? counter = row is null ? null : (row.GetInt64("Seq") ?? throw Corrupt(row, "Seq"), row.ETag);
        lock (_counterLock)
        {
            if (counter is { } c && (_counter is not { } cached || cached.Seq <= c.Item1))
            {
                _counter = c;
            }
        }

        return counter;
    }

    private async Task<IReadOnlyList<ETag>> SubmitTolerantAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await _table.SubmitAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (StorageErrors.IsNotFound(e) && StorageErrors.FailedIndex(e) is { } i && actions.Count > 1)
            {
                actions = [.. actions[..i], .. actions[(i + 1)..]];
            }
            catch (RequestFailedException e) when (StorageErrors.IsNotFound(e) && StorageErrors.FailedIndex(e) is 0)
            {
                return [default];
            }
        }
    }
}
