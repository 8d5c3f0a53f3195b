using Azure;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <content>The log's partitions: which one a seq lives in, finding the newest, and the retention horizon.</content>
public sealed partial class TableEventLog
{
    /// <summary>Gets the partition holding <paramref name="seq"/> (1 or more).</summary>
    private long PartitionOf(long seq) => (Math.Max(seq, 1) - 1) / _eventsPerPartition;

    /// <summary>Gets the first seq of <paramref name="partition"/>.</summary>
    private long FirstSeqOf(long partition) => (partition * _eventsPerPartition) + 1;

    /// <summary>Gets the last seq of <paramref name="partition"/>; the partition is sealed when its counter reaches it.</summary>
    private long LastSeqOf(long partition) => (partition + 1) * _eventsPerPartition;

    /// <summary>
    /// Finds the newest partition and reads its counter: starts at the newest partition this instance knows of (else
    /// the <c>head</c> hint, else partition 0) and steps past sealed ones. A partition without a counter row is one not
    /// started yet; its predecessor is sealed, so its seqs start at its first.
    /// </summary>
    private async Task<Counter> ReadCounterAsync(CancellationToken cancellationToken)
    {
        var partition = Interlocked.Read(ref _knownPartition);
        if (partition < 0)
        {
            var head = await _table.GetAsync(TableKeys.LogMetaPartition, TableKeys.LogHead, cancellationToken: cancellationToken).ConfigureAwait(false);
            partition = head?.GetInt64("Partition") ?? -1;
            if (partition < 0 && await ContinueLegacyAsync(cancellationToken).ConfigureAwait(false) is { } continued)
            {
                return continued;
            }

            partition = Math.Max(partition, 0);
        }

        while (true)
        {
            var row = await _table.GetAsync(TableKeys.LogPartition(partition), TableKeys.Counter, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return Observe(new Counter(partition, partition * _eventsPerPartition, null));
            }

            var seq = row.GetInt64("Seq") ?? throw Corrupt(row, "Seq");
            if (seq < LastSeqOf(partition))
            {
                return Observe(new Counter(partition, seq, row.ETag));
            }

            partition++;
        }
    }

    /// <summary>
    /// When partition 0 was never started but the single-partition log of earlier builds holds a counter, moves the
    /// log on to the first partition after that counter's seq, so seqs are never reused; the old partition's events
    /// count as expired (the horizon is raised past them) and are left where they are.
    /// </summary>
    private async Task<Counter?> ContinueLegacyAsync(CancellationToken cancellationToken)
    {
        if (await _table.GetAsync(TableKeys.LogPartition(0), TableKeys.Counter, cancellationToken: cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        var legacy = await _table.GetAsync(TableKeys.LegacyLogPartition, TableKeys.Counter, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (legacy?.GetInt64("Seq") is not { } seq || seq <= 0)
        {
            return null;
        }

        var partition = PartitionOf(seq) + 1;
        await RaiseHorizonAsync(FirstSeqOf(partition), FirstSeqOf(partition), cancellationToken).ConfigureAwait(false);
        await _table.UpsertAsync(new TableEntity(TableKeys.LogMetaPartition, TableKeys.LogHead).Set("Partition", partition), cancellationToken).ConfigureAwait(false);
        return Observe(new Counter(partition, partition * _eventsPerPartition, null));
    }

    /// <summary>Records that <paramref name="partition"/> was started (so every one below it is sealed); failures are ignored, it is a hint.</summary>
    private async Task WriteHeadAsync(long partition)
    {
        try
        {
            await _table.UpsertAsync(new TableEntity(TableKeys.LogMetaPartition, TableKeys.LogHead).Set("Partition", partition)).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // The next started partition writes it again; until then readers step over sealed partitions.
        }
    }

    private Counter Observe(Counter counter)
    {
        SetCachedCounter(counter);
        return counter;
    }

    private void ObserveSeq(long seq)
    {
        lock (_counterLock)
        {
            _knownSeq = Math.Max(_knownSeq, seq);
        }
    }

    private long KnownSeq()
    {
        lock (_counterLock)
        {
            return _knownSeq;
        }
    }

    private Counter? CachedCounter()
    {
        lock (_counterLock)
        {
            return _counter;
        }
    }

    private void SetCachedCounter(Counter counter)
    {
        lock (_counterLock)
        {
            if (_counter is not { } cached || cached.Seq < counter.Seq || (cached.Seq == counter.Seq && cached.Partition < counter.Partition))
            {
                _counter = counter;
            }

            _knownSeq = Math.Max(_knownSeq, counter.Seq);
            _knownPartition = Math.Max(_knownPartition, counter.Partition);
        }
    }

    private void ForgetCachedCounter()
    {
        lock (_counterLock)
        {
            _counter = null;
        }
    }

    private Horizon CachedHorizon()
    {
        lock (_counterLock)
        {
            return _horizon;
        }
    }

    private async Task<Horizon> ReadHorizonAsync(CancellationToken cancellationToken)
    {
        var row = await _table.GetAsync(TableKeys.LogMetaPartition, TableKeys.LogHorizon, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ObserveHorizon(row is null ? default : new Horizon(row.GetInt64("Kept") ?? 0, row.GetInt64("Cleared") ?? 0));
    }

    private Horizon ObserveHorizon(Horizon horizon)
    {
        lock (_counterLock)
        {
            _horizon = new Horizon(Math.Max(_horizon.Kept, horizon.Kept), Math.Max(_horizon.Cleared, horizon.Cleared));
            return horizon;
        }
    }

    /// <summary>Raises the horizon's Kept and Cleared to at least the values given (never lowers them); returns the horizon as it was.</summary>
    private async Task<Horizon> RaiseHorizonAsync(long? kept, long? cleared, CancellationToken cancellationToken)
    {
        while (true)
        {
            var row = await _table.GetAsync(TableKeys.LogMetaPartition, TableKeys.LogHorizon, cancellationToken: cancellationToken).ConfigureAwait(false);
            var before = row is null ? default : new Horizon(row.GetInt64("Kept") ?? 0, row.GetInt64("Cleared") ?? 0);
            var after = new Horizon(Math.Max(before.Kept, kept ?? 0), Math.Max(before.Cleared, cleared ?? 0));
            if (after == before)
            {
                ObserveHorizon(before);
                return before;
            }

            var entity = new TableEntity(TableKeys.LogMetaPartition, TableKeys.LogHorizon).Set("Kept", after.Kept).Set("Cleared", after.Cleared);
            try
            {
                if (row is null)
                {
                    await _table.InsertAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.UpdateAsync(entity, row.ETag, cancellationToken).ConfigureAwait(false);
                }

                ObserveHorizon(after);
                return before;
            }
            catch (StoragePreconditionFailedException)
            {
                // Another instance moved it: read again.
            }
            catch (StorageConflictException)
            {
                // Another instance created it: read again.
            }
        }
    }

    /// <summary>What an instance knows of the newest partition: its number, its last assigned seq, and its counter's ETag (none: not started).</summary>
    private readonly record struct Counter(long Partition, long Seq, ETag? ETag);

    /// <summary>The retention horizon: the lowest seq kept, and the seq below which every event row is deleted.</summary>
    private readonly record struct Horizon(long Kept, long Cleared);
}
