using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <content>Sequencing: the counter transaction.</content>
public sealed partial class TableEventLog
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>Group commit: calls that arrive while a counter transaction of this instance is in flight wait and then go
    /// together in the next one (any DIDs; all rows sit in the newest partition), so concurrent commits of one instance
    /// share a round trip instead of racing each other for the counter.</para>
    /// <para>An entry sequenced before may have its dedupe row in an older partition than the newest: those from the
    /// one holding seq <see cref="OutboxEntry.SeqFloor"/> + 1 up are looked at (none when the floor is recent, the usual
    /// case; all those kept when it is 0).</para>
    /// <para>All or nothing per transaction: entries too many for one (100 operations, 4 MiB) go in consecutive
    /// transactions, in order, so a failure part-way leaves a prefix sequenced; a later call with the same entries skips
    /// that prefix and appends the rest after it, which keeps the per-repo order. Cancelling stops the wait, not the
    /// append, whose outcome is then unknown.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">An entry holds more than <see cref="EventsPerPartition"/> events.</exception>
    /// <exception cref="XrpcException">503 <c>ServiceUnavailable</c> when storage cannot be reached; 503
    /// <c>NotEnoughResources</c> when other instances won the counter <see cref="MaxAttempts"/> times in a row.</exception>
    public Task<IReadOnlyList<AppendedEntry>> AppendAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(entries);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Events.Count == 0)
            {
                throw new ArgumentException($"The outbox entry {entries[i].Rev} has no events.", nameof(entries));
            }

            if (entries[i].Events.Count > _eventsPerPartition)
            {
                throw new ArgumentException($"The outbox entry {entries[i].Rev} has more events than one log partition holds ({_eventsPerPartition}).", nameof(entries));
            }

            if (i > 0 && entries[i - 1].Rev >= entries[i].Rev)
            {
                throw new ArgumentException("Outbox entries must be in strictly increasing rev order.", nameof(entries));
            }
        }

        return StorageFailures.GuardAsync(() => AppendCoreAsync(did, entries, cancellationToken));
    }

    private async Task<IReadOnlyList<AppendedEntry>> AppendCoreAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        var request = new PendingAppend(did, entries);
        bool lead;
        lock (_queue)
        {
            _queue.Add(request);
            lead = !_draining;
            _draining = true;
        }

        if (lead)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return await request.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sequences queued requests, all that are waiting at a time in one group, until the queue is empty.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            List<PendingAppend> group;
            lock (_queue)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    return;
                }

                group = [.. _queue];
                _queue.Clear();
            }

            try
            {
                await SequenceGroupAsync(group).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                foreach (var request in group)
                {
                    request.Done.TrySetException(e);
                }
            }
        }
    }

    /// <summary>
    /// Sequences the entries of <paramref name="group"/> in order, as few counter transactions as fit; an entry that
    /// appears twice (same DID and rev) is sequenced once. Completes each request when all its entries are done.
    /// </summary>
    private async Task SequenceGroupAsync(List<PendingAppend> group)
    {
        var done = new Dictionary<(Did, Tid), AppendedEntry>();
        var uploaded = new HashSet<(Did, Tid)>();
        var absentBelow = new Dictionary<(Did, Tid), long>();
        var attempt = 0;
        while (true)
        {
            var waiting = new List<(PendingAppend Request, int Index)>();
            foreach (var request in group)
            {
                for (var i = 0; i < request.Entries.Count; i++)
                {
                    if (request.Results[i] is null && done.TryGetValue((request.Did, request.Entries[i].Rev), out var earlier))
                    {
                        request.Results[i] = earlier with { Duplicate = true };
                    }

                    if (request.Results[i] is null)
                    {
                        waiting.Add((request, i));
                    }
                }

                if (waiting.Count == 0 || waiting[^1].Request != request)
                {
                    request.Done.TrySetResult(request.Results!);
                }
            }

            if (waiting.Count == 0)
            {
                return;
            }

            var counter = CachedCounter() ?? await ReadCounterAsync(CancellationToken.None).ConfigureAwait(false);
            if (await MarkSequencedEarlierAsync(waiting, counter.Partition, done, absentBelow).ConfigureAwait(false))
            {
                continue;
            }

            var pk = TableKeys.LogPartition(counter.Partition);
            var last = LastSeqOf(counter.Partition);
            var seq = counter.Seq;
            var seal = false;
            var now = _time.GetUtcNow();
            var rows = new List<TableTransactionAction>();
            var included = new List<(PendingAppend Request, int Index, long FirstSeq)>();
            var keys = new HashSet<(Did, Tid)>();
            foreach (var (request, i) in waiting)
            {
                var entry = request.Entries[i];
                if (keys.Contains((request.Did, entry.Rev)))
                {
                    continue;
                }

                if (seq + entry.Events.Count > last)
                {
                    // The entry does not fit in what is left of this partition: it starts the next one. The partition
                    // is sealed by a transaction of its own, once the entry is known not to be sequenced here already.
                    seal = included.Count == 0 && !await MarkDuplicatesAsync(pk, [(request, i, 0)], done).ConfigureAwait(false);
                    break;
                }

                var entryRows = EntryRows(pk, request.Did, entry, request.Encoded[i], seq + 1, now);
                if (included.Count > 0 && !TransactionPacking.Fits([.. rows, .. entryRows, entryRows[0]]))
                {
                    break;
                }

                keys.Add((request.Did, entry.Rev));
                rows.AddRange(entryRows);
                included.Add((request, i, seq + 1));
                seq += entry.Events.Count;
            }

            foreach (var (request, i, _) in included.Where(x => x.Request.Encoded[x.Index].Length > BinaryChunks.MaxInlineBytes))
            {
                if (uploaded.Add((request.Did, request.Entries[i].Rev)))
                {
                    await UploadLargeAsync(request.Did, request.Entries[i].Rev, request.Encoded[i]).ConfigureAwait(false);
                }
            }

            if (included.Count == 0 && !seal)
            {
                continue;
            }

            var counterSeq = seal ? last : seq;
            var counterRow = new TableEntity(pk, TableKeys.Counter).Set("Seq", counterSeq);
            var counterAction = counter.ETag is { } etag ? TableTransactionAction.Update(counterRow, etag) : TableTransactionAction.Insert(counterRow);
            try
            {
                var etags = await _table.SubmitTransactionAsync([counterAction, .. rows], CancellationToken.None).ConfigureAwait(false);
                SetCachedCounter(counterSeq >= last ? new Counter(counter.Partition + 1, last, null) : new Counter(counter.Partition, counterSeq, etags[0]));
                foreach (var (request, i, firstSeq) in included)
                {
                    var entry = request.Entries[i];
                    done[(request.Did, entry.Rev)] = request.Results[i] = new AppendedEntry(entry.Rev, firstSeq, entry.Events.Count, Duplicate: false);
                }

                if (counter.ETag is null && counter.Partition > 0)
                {
                    await WriteHeadAsync(counter.Partition).ConfigureAwait(false);
                }

                attempt = 0;
                continue;
            }
            catch (StoragePreconditionFailedException)
            {
                ForgetCachedCounter();
            }
            catch (StorageConflictException e) when (e.FailedOperationIndex is 0)
            {
                ForgetCachedCounter();
            }
            catch (StorageConflictException)
            {
                // A dedupe row exists: those entries were sequenced before (perhaps by this very group, its answer lost).
                if (!await MarkDuplicatesAsync(pk, included, done).ConfigureAwait(false))
                {
                    ForgetCachedCounter();
                }
            }

            if (++attempt >= MaxAttempts)
            {
                throw new XrpcException(503, XrpcErrorName.NotEnoughResources, $"Could not sequence events: the counter moved on {attempt} attempts.");
            }

            var ceiling = Math.Min(200, 2 << Math.Min(attempt, 10));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceiling)), _time).ConfigureAwait(false);
        }
    }

    private static List<TableTransactionAction> EntryRows(string pk, Did did, OutboxEntry entry, byte[] encoded, long firstSeq, DateTimeOffset now)
    {
        var rows = new List<TableTransactionAction>(entry.Events.Count + 1)
        {
            TableTransactionAction.Insert(new TableEntity(pk, TableKeys.Dedupe(did, entry.Rev))
                .Set("FirstSeq", firstSeq).Set("Count", entry.Events.Count)),
        };
        var large = encoded.Length > BinaryChunks.MaxInlineBytes;
        for (var i = 0; i < entry.Events.Count; i++)
        {
            var row = new TableEntity(pk, TableKeys.Event(firstSeq + i))
                .Set("Did", did.Value).Set("Rev", entry.Rev.Value).Set("Type", entry.Events[i].Type)
                .Set("Index", i).Set("Count", entry.Events.Count).Set("At", now);
            rows.Add(TableTransactionAction.Insert(large ? BinaryChunks.SetBlobPointer(row, encoded.Length) : BinaryChunks.SetInline(row, entry.Events[i].Body.Span)));
        }

        return rows;
    }

    private async Task UploadLargeAsync(Did did, Tid rev, byte[] encoded)
    {
        var name = TableKeys.EventBlob(did, rev);
        if (!await _blobs.ExistsAsync(name).ConfigureAwait(false))
        {
            await _blobs.PutAsync(name, encoded).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the dedupe rows of <paramref name="included"/>' entries in partition <paramref name="pk"/> and records those found; true if any was.</summary>
    private async Task<bool> MarkDuplicatesAsync(string pk, List<(PendingAppend Request, int Index, long FirstSeq)> included, Dictionary<(Did, Tid), AppendedEntry> done)
    {
        var found = await Task.WhenAll(included.Select(async x =>
            (x.Request, x.Index, Row: await _table.GetAsync(pk, TableKeys.Dedupe(x.Request.Did, x.Request.Entries[x.Index].Rev)).ConfigureAwait(false))))
            .ConfigureAwait(false);
        var any = false;
        foreach (var (request, i, row) in found)
        {
            if (row is not null)
            {
                var entry = request.Entries[i];
                done[(request.Did, entry.Rev)] = request.Results[i] =
                    new AppendedEntry(entry.Rev, row.GetInt64("FirstSeq") ?? 0, row.GetInt32("Count") ?? entry.Events.Count, Duplicate: true);
                any = true;
            }
        }

        return any;
    }

    /// <summary>
    /// Looks for the dedupe rows of <paramref name="waiting"/>' entries in the partitions below <paramref name="newest"/>
    /// that could hold them (from the one holding seq <see cref="OutboxEntry.SeqFloor"/> + 1, or the horizon, up) and
    /// not yet searched, and records those found as duplicates; true if any was. Sealed partitions never gain rows, so
    /// an entry found absent from them stays absent (<paramref name="absentBelow"/>).
    /// </summary>
    private async Task<bool> MarkSequencedEarlierAsync(
        List<(PendingAppend Request, int Index)> waiting, long newest, Dictionary<(Did, Tid), AppendedEntry> done, Dictionary<(Did, Tid), long> absentBelow)
    {
        var kept = CachedHorizon().Kept;
        var searches = new List<(PendingAppend Request, int Index, long From)>();
        foreach (var (request, i) in waiting)
        {
            var key = (request.Did, request.Entries[i].Rev);
            var from = absentBelow.TryGetValue(key, out var searched) ? searched : PartitionOf(Math.Max(request.Entries[i].SeqFloor + 1, kept));
            if (from < newest && !searches.Any(x => x.Request.Did == request.Did && x.Request.Entries[x.Index].Rev == key.Rev))
            {
                searches.Add((request, i, from));
            }
        }

        if (searches.Count == 0)
        {
            return false;
        }

        var found = await Task.WhenAll(searches.Select(async x =>
            (x.Request, x.Index, Row: await FindDedupeAsync(x.Request.Did, x.Request.Entries[x.Index].Rev, x.From, newest - 1).ConfigureAwait(false))))
            .ConfigureAwait(false);
        var any = false;
        foreach (var (request, i, row) in found)
        {
            var entry = request.Entries[i];
            if (row is null)
            {
                absentBelow[(request.Did, entry.Rev)] = newest;
                continue;
            }

            done[(request.Did, entry.Rev)] = request.Results[i] =
                new AppendedEntry(entry.Rev, row.GetInt64("FirstSeq") ?? 0, row.GetInt32("Count") ?? entry.Events.Count, Duplicate: true);
            any = true;
        }

        return any;
    }

    /// <summary>Finds the dedupe row of (<paramref name="did"/>, <paramref name="rev"/>) in partitions <paramref name="from"/> … <paramref name="to"/>: point reads for a few, else one query over the range.</summary>
    private async Task<TableEntity?> FindDedupeAsync(Did did, Tid rev, long from, long to)
    {
        var rowKey = TableKeys.Dedupe(did, rev);
        if (to - from < 4)
        {
            for (var partition = to; partition >= from; partition--)
            {
                if (await _table.GetAsync(TableKeys.LogPartition(partition), rowKey).ConfigureAwait(false) is { } row)
                {
                    return row;
                }
            }

            return null;
        }

        var filter = TableFilter.And(
            TableFilter.And(
                TableFilter.Compare("PartitionKey", TableComparison.GreaterThanOrEqual, TableKeys.LogPartition(from)),
                TableFilter.Compare("PartitionKey", TableComparison.LessThanOrEqual, TableKeys.LogPartition(to))),
            TableFilter.Compare("RowKey", TableComparison.Equal, rowKey));
        await foreach (var page in _table.QueryAsync(new TableQuery { Filter = filter, Top = 1 }).ConfigureAwait(false))
        {
            if (page.Entities.Count > 0)
            {
                return page.Entities[0];
            }
        }

        return null;
    }

    /// <summary>One caller's append, waiting in the queue.</summary>
    private sealed class PendingAppend(Did did, IReadOnlyList<OutboxEntry> entries)
    {
        public Did Did { get; } = did;

        public IReadOnlyList<OutboxEntry> Entries { get; } = entries;

        public byte[][] Encoded { get; } = [.. entries.Select(e => OutboxCodec.Encode(e.Events))];

        public AppendedEntry?[] Results { get; } = new AppendedEntry?[entries.Count];

        public TaskCompletionSource<IReadOnlyList<AppendedEntry>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
