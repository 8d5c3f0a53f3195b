using Azure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// <see cref="IEventLog"/> on Azure Table Storage. Table <c>events</c> splits the log into partitions of
/// <see cref="EventsPerPartition"/> consecutive seqs: partition <c>log:&lt;n, 16 digits&gt;</c> holds seqs
/// n·N+1 … (n+1)·N, with its own <c>counter</c> row (the last seq it assigned; its ETag serialises sequencing while the
/// partition is the newest), one row <c>e:&lt;seq, 19 digits&gt;</c> per event and one dedupe row
/// <c>d:&lt;did&gt; &lt;rev&gt;</c> per sequenced outbox entry. Entries too large for rows keep their bodies in blob
/// <c>events/&lt;did&gt;/&lt;rev&gt;</c>. Partition <c>logmeta</c> holds the bookkeeping rows <c>head</c> and
/// <c>horizon</c>.
/// </summary>
/// <remarks>
/// <para>Spec: atproto.com/specs/event-stream, "Sequence Numbers" (increasing, never reused; not necessarily
/// contiguous). docs/architecture.md, "The commit path" step 6 and "The event log's partitions".</para>
/// <para>An append is one transaction in the newest partition: its counter replaced with <c>If-Match</c> (the ETag
/// cached from this instance's last append or read) or inserted when the partition is new, the dedupe rows and the
/// event rows inserted. A 412 (or a 409 on a new counter) means another instance sequenced first: re-read the counter
/// and retry with jittered back-off. A 409 on a dedupe row means the entry was sequenced before (perhaps by this very
/// call, whose answer was lost): its seq is read from the row and it is skipped. Entries that do not fit in one
/// transaction (100 operations, 4 MiB) are appended in consecutive transactions, in order.</para>
/// <para>A partition is sealed when its counter reaches its last seq. An entry's events never straddle two partitions:
/// an entry that does not fit in what is left of the newest one seals it, and the seqs left over are never used.
/// Sealed partitions change only by retention. Why partitions: a partition's rows are served by one server in Azure
/// (about 2,000 entities a second), and Azurite finds a row by scanning its partition, so one partition that grows
/// with every event makes each append slower than the last.</para>
/// <para>Rows: <c>counter</c> (Seq); <c>e:</c> (Did, Rev, Type, Index, Count, At, the body in D0… or Blob = true);
/// <c>d:</c> (FirstSeq, Count); <c>head</c> (Partition: every partition below it is sealed); <c>horizon</c> (Kept:
/// the lowest seq retention keeps; Cleared: every event row below it is deleted). Storage that cannot be reached is a
/// 503 <c>ServiceUnavailable</c> <see cref="Protocol.Xrpc.XrpcException"/>. Thread-safe.</para>
/// </remarks>
public sealed partial class TableEventLog : IEventLog
{
    /// <summary>The default <see cref="EventsPerPartition"/>: 1,024.</summary>
    public const int DefaultEventsPerPartition = 1024;

    private readonly TableClient _table;
    private readonly BlobContainerClient _blobs;
    private readonly TimeProvider _time;
    private readonly object _counterLock = new();
    private readonly List<PendingAppend> _queue = [];
    private readonly int _eventsPerPartition = DefaultEventsPerPartition;
    private Counter? _counter;
    private long _knownSeq;
    private long _knownPartition = -1;
    private Horizon _horizon;
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

    /// <summary>
    /// Gets how many consecutive seqs one table partition holds. Default <see cref="DefaultEventsPerPartition"/>. Every
    /// instance sharing a table must use the same value, and it must never change once the table holds events (it maps
    /// a seq to its partition). An outbox entry may hold at most this many events.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int EventsPerPartition
    {
        get => _eventsPerPartition;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _eventsPerPartition = value;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Reads the partition holding the first wanted seq and, when nothing there follows <paramref name="afterSeq"/>, the
    /// next one (re-reading the first when the next holds events: it was sealed between the two reads). When both are
    /// empty although seqs beyond <paramref name="afterSeq"/> were assigned, retention removed them: the read starts
    /// again at the horizon. A page that ends on a partition's last seq goes on into the next partition.
    /// </remarks>
    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return StorageFailures.GuardAsync(async () =>
        {
            var events = await ReadFirstAsync(Math.Max(afterSeq, 0) + 1, limit, cancellationToken).ConfigureAwait(false);
            while (events.Count is > 0 and var count && count < limit)
            {
                var last = events[^1].Seq;
                var partition = PartitionOf(last);
                var next = await ReadPartitionAsync(partition + 1, FirstSeqOf(partition + 1), limit - count, cancellationToken).ConfigureAwait(false);
                if (next.Count == 0)
                {
                    break;
                }

                if (last < LastSeqOf(partition))
                {
                    // The next partition is started, so this one is sealed; it may have gained events since it was read.
                    var again = await ReadPartitionAsync(partition, last + 1, limit - count, cancellationToken).ConfigureAwait(false);
                    if (again.Count > 0)
                    {
                        events.AddRange(again);
                        continue;
                    }
                }

                events.AddRange(next);
            }

            return (IReadOnlyList<LoggedEvent>)events;
        });
    }

    private async Task<List<LoggedEvent>> ReadFirstAsync(long start, int limit, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var from = Math.Max(start, CachedHorizon().Kept);
            var partition = PartitionOf(from);
            var events = await ReadPartitionAsync(partition, from, limit, cancellationToken).ConfigureAwait(false);
            if (events.Count > 0)
            {
                return events;
            }

            var next = await ReadPartitionAsync(partition + 1, FirstSeqOf(partition + 1), limit, cancellationToken).ConfigureAwait(false);
            if (next.Count > 0)
            {
                var again = await ReadPartitionAsync(partition, from, limit, cancellationToken).ConfigureAwait(false);
                return again.Count > 0 ? again : next;
            }

            if (attempt > 0)
            {
                return [];
            }

            if (from > KnownSeq() && (await ReadCounterAsync(cancellationToken).ConfigureAwait(false)).Seq < from)
            {
                return [];
            }

            if ((await ReadHorizonAsync(cancellationToken).ConfigureAwait(false)).Kept <= from)
            {
                return [];
            }
        }
    }

    /// <inheritdoc/>
    public Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default) =>
        StorageFailures.GuardAsync(async () => (await ReadCounterAsync(cancellationToken).ConfigureAwait(false)).Seq);

    /// <inheritdoc/>
    /// <remarks>The highest seq this instance has assigned or read; the first call of a new instance reads the counter.</remarks>
    /// <exception cref="Protocol.Xrpc.XrpcException">503 <c>ServiceUnavailable</c> when the counter had to be read and could not be.</exception>
    public async ValueTask<long> GetSeqFloorAsync(CancellationToken cancellationToken = default)
    {
        var known = KnownSeq();
        return known > 0 || CachedCounter() is not null ? known : await GetLatestSeqAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Raises the horizon's Kept first (so readers skip what is about to go), deletes partition by partition from the
    /// horizon's Cleared up, in transactions of up to 100 rows, oldest first (blobs of large entries go with their last
    /// event), then raises Cleared. Counter rows stay: they are what makes seqs never reused.
    /// </remarks>
    public Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default) => StorageFailures.GuardAsync(async () =>
    {
        if (seq <= 1)
        {
            return 0;
        }

        var horizon = await RaiseHorizonAsync(seq, null, cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        for (var partition = PartitionOf(Math.Max(horizon.Cleared, 1)); partition <= PartitionOf(seq); partition++)
        {
            deleted += await DeletePartitionBeforeAsync(partition, seq, cancellationToken).ConfigureAwait(false);
        }

        await RaiseHorizonAsync(null, seq, cancellationToken).ConfigureAwait(false);
        return deleted;
    });

    private async Task<List<LoggedEvent>> ReadPartitionAsync(long partition, long from, int limit, CancellationToken cancellationToken)
    {
        var filter = TableFilter.And(
            TableFilter.PartitionKeyEquals(TableKeys.LogPartition(partition)),
            TableFilter.And(
                TableFilter.Compare("RowKey", TableComparison.GreaterThanOrEqual, TableKeys.Event(from)),
                TableFilter.Compare("RowKey", TableComparison.LessThan, "e;")));
        var events = new List<LoggedEvent>();
        var blobs = new Dictionary<string, IReadOnlyList<StoredEvent>>(StringComparer.Ordinal);
        var query = new TableQuery { Filter = filter, Top = Math.Min(limit, TableLimits.MaxEntitiesPerPage) };
        await foreach (var page in _table.QueryAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in page.Entities.Take(limit - events.Count))
            {
                events.Add(await ReadEventAsync(row, blobs, cancellationToken).ConfigureAwait(false));
            }

            if (events.Count >= limit)
            {
                break;
            }
        }

        if (events.Count > 0)
        {
            ObserveSeq(events[^1].Seq);
        }

        return events;
    }

    private async Task<int> DeletePartitionBeforeAsync(long partition, long seq, CancellationToken cancellationToken)
    {
        var pk = TableKeys.LogPartition(partition);
        var filter = TableFilter.And(
            TableFilter.PartitionKeyEquals(pk),
            TableFilter.And(
                TableFilter.Compare("RowKey", TableComparison.GreaterThanOrEqual, TableKeys.EventPrefix),
                TableFilter.Compare("RowKey", TableComparison.LessThan, TableKeys.Event(seq))));
        var deleted = 0;
        await foreach (var page in _table.QueryAsync(new TableQuery { Filter = filter, Select = ["Did", "Rev", "Index", "Count", "Blob"] }, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var actions = new List<TableTransactionAction>();
            var blobs = new List<string>();
            foreach (var row in page.Entities)
            {
                actions.Add(TableTransactionAction.Delete(pk, row.RowKey, ETag.All));
                if (row.GetInt32("Index") == row.GetInt32("Count") - 1)
                {
                    var did = Did.Parse(row.GetString("Did")!);
                    var rev = Tid.Parse(row.GetString("Rev")!);
                    actions.Add(TableTransactionAction.Delete(pk, TableKeys.Dedupe(did, rev), ETag.All));
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
                await _blobs.DeleteAsync(blob, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            deleted += page.Entities.Count;
        }

        return deleted;
    }

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
                await using var download = await _blobs.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                await download.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                blobs[name] = entry = OutboxCodec.Decode(buffer.ToArray());
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

    private async Task<IReadOnlyList<ETag>> SubmitTolerantAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageNotFoundException e) when (e.ErrorCode != "TableNotFound" && e.FailedOperationIndex is { } i && actions.Count > 1)
            {
                actions = [.. actions[..i], .. actions[(i + 1)..]];
            }
            catch (StorageNotFoundException e) when (e.ErrorCode != "TableNotFound" && e.FailedOperationIndex is 0)
            {
                return [default];
            }
        }
    }
}
