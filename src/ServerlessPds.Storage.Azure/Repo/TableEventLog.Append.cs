using Azure;
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
    /// All or nothing per transaction: a list too large for one (about 30 single-event entries, fewer when large) is
    /// appended in consecutive transactions, in order, so a failure part-way leaves a prefix sequenced; a later call
    /// with the same entries skips that prefix and appends the rest after it, which keeps the per-repo order.
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
        var results = new AppendedEntry?[entries.Count];
        var encoded = entries.Select(e => OutboxCodec.Encode(e.Events)).ToArray();
        var uploaded = new HashSet<int>();
        var attempt = 0;
        while (Array.FindIndex(results, r => r is null) is var next and >= 0)
        {
            var counter = CachedCounter() ?? await ReadCounterAsync(cancellationToken).ConfigureAwait(false);
            var seq = counter?.Seq ?? 0;
            var now = _time.GetUtcNow();
            var rows = new List<TableTransactionAction>();
            var chunk = new List<(int Index, long FirstSeq)>();
            for (var i = next; i < entries.Count; i++)
            {
                if (results[i] is not null)
                {
                    continue;
                }

                var entryRows = EntryRows(did, entries[i], encoded[i], seq + 1, now);
                if (chunk.Count > 0 && !TransactionPacking.Fits([.. rows, .. entryRows, entryRows[0]]))
                {
                    break;
                }

                rows.AddRange(entryRows);
                chunk.Add((i, seq + 1));
                seq += entries[i].Events.Count;
            }

            await UploadLargeAsync(did, entries, encoded, chunk.Select(c => c.Index).Where(uploaded.Add), cancellationToken).ConfigureAwait(false);
            var counterRow = new TableEntity(TableKeys.LogPartition, TableKeys.Counter).Set("Seq", seq);
            var counterAction = counter is { } c ? TableTransactionAction.Update(counterRow, c.ETag) : TableTransactionAction.Insert(counterRow);
            try
            {
                var etags = await _table.SubmitTransactionAsync([counterAction, .. rows], cancellationToken).ConfigureAwait(false);
                SetCachedCounter((seq, etags[0]));
                foreach (var (index, firstSeq) in chunk)
                {
                    results[index] = new AppendedEntry(entries[index].Rev, firstSeq, entries[index].Events.Count, Duplicate: false);
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
                // A dedupe row exists: those entries were sequenced before (perhaps by this call, its answer lost).
                if (!await MarkDuplicatesAsync(did, entries, chunk.Select(c => c.Index), results, cancellationToken).ConfigureAwait(false))
                {
                    ForgetCachedCounter();
                }
            }

            if (++attempt >= MaxAttempts)
            {
                throw new XrpcException(503, XrpcErrorName.NotEnoughResources, $"Could not sequence events of {did}: the counter moved on {attempt} attempts.");
            }

            var ceiling = Math.Min(200, 2 << Math.Min(attempt, 10));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, ceiling)), _time, cancellationToken).ConfigureAwait(false);
        }

        return results!;
    }

    private static List<TableTransactionAction> EntryRows(Did did, OutboxEntry entry, byte[] encoded, long firstSeq, DateTimeOffset now)
    {
        var rows = new List<TableTransactionAction>(entry.Events.Count + 1)
        {
            TableTransactionAction.Insert(new TableEntity(TableKeys.LogPartition, TableKeys.Dedupe(did, entry.Rev))
                .Set("FirstSeq", firstSeq).Set("Count", entry.Events.Count)),
        };
        var large = encoded.Length > BinaryChunks.MaxInlineBytes;
        for (var i = 0; i < entry.Events.Count; i++)
        {
            var row = new TableEntity(TableKeys.LogPartition, TableKeys.Event(firstSeq + i))
                .Set("Did", did.Value).Set("Rev", entry.Rev.Value).Set("Type", entry.Events[i].Type)
                .Set("Index", i).Set("Count", entry.Events.Count).Set("At", now);
            rows.Add(TableTransactionAction.Insert(large ? BinaryChunks.SetBlobPointer(row, encoded.Length) : BinaryChunks.SetInline(row, entry.Events[i].Body.Span)));
        }

        return rows;
    }

    private async Task UploadLargeAsync(Did did, IReadOnlyList<OutboxEntry> entries, byte[][] encoded, IEnumerable<int> indices, CancellationToken cancellationToken)
    {
        foreach (var i in indices.Where(i => encoded[i].Length > BinaryChunks.MaxInlineBytes))
        {
            var name = TableKeys.EventBlob(did, entries[i].Rev);
            if (!await _blobs.ExistsAsync(name, cancellationToken).ConfigureAwait(false))
            {
                await _blobs.PutAsync(name, encoded[i], cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads the dedupe rows of <paramref name="indices"/>' entries and records those found; true if any was.</summary>
    private async Task<bool> MarkDuplicatesAsync(Did did, IReadOnlyList<OutboxEntry> entries, IEnumerable<int> indices, AppendedEntry?[] results, CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(indices.Select(async i =>
            (Index: i, Row: await _table.GetAsync(TableKeys.LogPartition, TableKeys.Dedupe(did, entries[i].Rev), cancellationToken: cancellationToken).ConfigureAwait(false))))
            .ConfigureAwait(false);
        var any = false;
        foreach (var (i, row) in found)
        {
            if (row is not null)
            {
                results[i] = new AppendedEntry(entries[i].Rev, row.GetInt64("FirstSeq") ?? 0, row.GetInt32("Count") ?? entries[i].Events.Count, Duplicate: true);
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
}
