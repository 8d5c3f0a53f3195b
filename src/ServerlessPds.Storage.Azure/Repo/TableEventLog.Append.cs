using Azure;
using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Repo;

/// <content>Sequencing: the counter transaction.</content>
public sealed partial class TableEventLog
{
    /// <inheritdoc/>
    /// <remarks>
    /// <para>Group commit: calls that arrive while a counter transaction of this instance is in flight wait and then go
    /// together in the next one (any DIDs; all rows sit in partition <c>log</c>), so concurrent commits of one instance
    /// share a round trip instead of racing each other for the counter.</para>
    /// <para>All or nothing per transaction: entries too many for one (100 operations, 4 MiB) go in consecutive
    /// transactions, in order, so a failure part-way leaves a prefix sequenced; a later call with the same entries skips
    /// that prefix and appends the rest after it, which keeps the per-repo order. Cancelling stops the wait, not the
    /// append, whose outcome is then unknown.</para>
    /// </remarks>
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
            var seq = counter?.Seq ?? 0;
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

                var entryRows = EntryRows(request.Did, entry, request.Encoded[i], seq + 1, now);
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

            var counterRow = new TableEntity(TableKeys.LogPartition, TableKeys.Counter).Set("Seq", seq);
            var counterAction = counter is { } c ? TableQueries.Update(counterRow, c.ETag) : TableQueries.Insert(counterRow);
            try
            {
                var etags = await _table.SubmitAsync([counterAction, .. rows], CancellationToken.None).ConfigureAwait(false);
                SetCachedCounter((seq, etags[0]));
                foreach (var (request, i, firstSeq) in included)
                {
                    var entry = request.Entries[i];
                    done[(request.Did, entry.Rev)] = request.Results[i] = new AppendedEntry(entry.Rev, firstSeq, entry.Events.Count, Duplicate: false);
                }

                attempt = 0;
                continue;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                ForgetCachedCounter();
            }
            catch (RequestFailedException e) when (e.Status == 409 && StorageErrors.FailedIndex(e) is 0)
            {
                ForgetCachedCounter();
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // A dedupe row exists: those entries were sequenced before (perhaps by this very group, its answer lost).
                if (!await MarkDuplicatesAsync(included, done).ConfigureAwait(false))
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

    private static List<TableTransactionAction> EntryRows(Did did, OutboxEntry entry, byte[] encoded, long firstSeq, DateTimeOffset now)
    {
        var rows = new List<TableTransactionAction>(entry.Events.Count + 1)
        {
            TableQueries.Insert(new TableEntity(TableKeys.LogPartition, TableKeys.Dedupe(did, entry.Rev))
                .Set("FirstSeq", firstSeq).Set("Count", entry.Events.Count)),
        };
        var large = encoded.Length > BinaryChunks.MaxInlineBytes;
        for (var i = 0; i < entry.Events.Count; i++)
        {
            var row = new TableEntity(TableKeys.LogPartition, TableKeys.Event(firstSeq + i))
                .Set("Did", did.Value).Set("Rev", entry.Rev.Value).Set("Type", entry.Events[i].Type)
                .Set("Index", i).Set("Count", entry.Events.Count).Set("At", now);
            rows.Add(TableQueries.Insert(large ? BinaryChunks.SetBlobPointer(row, encoded.Length) : BinaryChunks.SetInline(row, entry.Events[i].Body.Span)));
        }

        return rows;
    }

    private async Task UploadLargeAsync(Did did, Tid rev, byte[] encoded)
    {
        var blob = _blobs.GetBlobClient(TableKeys.EventBlob(did, rev));
        if (!await blob.ExistsAsync().ConfigureAwait(false))
        {
            await blob.UploadAsync(new BinaryData(encoded), overwrite: true).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the dedupe rows of <paramref name="included"/>' entries and records those found; true if any was.</summary>
    private async Task<bool> MarkDuplicatesAsync(List<(PendingAppend Request, int Index, long FirstSeq)> included, Dictionary<(Did, Tid), AppendedEntry> done)
    {
        var found = await Task.WhenAll(included.Select(async x =>
            (x.Request, x.Index, Row: await _table.GetAsync(TableKeys.LogPartition, TableKeys.Dedupe(x.Request.Did, x.Request.Entries[x.Index].Rev)).ConfigureAwait(false))))
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

    private (long Seq, ETag ETag)? CachedCounter()
    {
        lock (_counterLock)
        {
            return _counter;
        }
    }

    private void SetCachedCounter((long Seq, ETag ETag) counter)
    {
        lock (_counterLock)
        {
            if (_counter is not { } cached || cached.Seq < counter.Seq)
            {
                _counter = counter;
            }
        }
    }

    private void ForgetCachedCounter()
    {
        lock (_counterLock)
        {
            _counter = null;
        }
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
