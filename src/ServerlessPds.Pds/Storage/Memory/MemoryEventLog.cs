using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>
/// An in-memory <see cref="IEventLog"/>: one lock serialises appends the way the durable log's counter ETag does, so
/// seqs are strictly increasing across all callers, each (DID, rev) is sequenced once, and an append is all or
/// nothing. Backs unit tests and the dev mode.
/// </summary>
/// <remarks>Spec: atproto.com/specs/event-stream, "Sequence Numbers". docs/architecture.md (table <c>events</c>).</remarks>
/// <param name="timeProvider">The clock that stamps events; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
public sealed class MemoryEventLog(TimeProvider? timeProvider = null) : IEventLog
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly object _lock = new();
    private readonly SortedList<long, LoggedEvent> _events = [];
    private readonly Dictionary<(Did Did, string Rev), (long FirstSeq, int Count)> _sequenced = [];
    private long _latestSeq;

    /// <inheritdoc/>
    public Task<IReadOnlyList<AppendedEntry>> AppendAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
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

        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var results = new List<AppendedEntry>(entries.Count);
            foreach (var entry in entries)
            {
                if (_sequenced.TryGetValue((did, entry.Rev.Value), out var done))
                {
                    results.Add(new AppendedEntry(entry.Rev, done.FirstSeq, done.Count, Duplicate: true));
                    continue;
                }

                var first = _latestSeq + 1;
                foreach (var stored in entry.Events)
                {
                    _latestSeq++;
                    _events.Add(_latestSeq, new LoggedEvent(_latestSeq, did, entry.Rev, stored, now));
                }

                _sequenced[(did, entry.Rev.Value)] = (first, entry.Events.Count);
                results.Add(new AppendedEntry(entry.Rev, first, entry.Events.Count, Duplicate: false));
            }

            return Task.FromResult<IReadOnlyList<AppendedEntry>>(results);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var keys = _events.Keys;
            var start = LowerBound(keys, afterSeq + 1);
            var page = new List<LoggedEvent>(Math.Min(limit, keys.Count - start));
            for (var i = start; i < keys.Count && page.Count < limit; i++)
            {
                page.Add(_events.Values[i]);
            }

            return Task.FromResult<IReadOnlyList<LoggedEvent>>(page);
        }
    }

    /// <inheritdoc/>
    public Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_latestSeq);
        }
    }

    /// <inheritdoc/>
    public Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var doomed = _events.Values.TakeWhile(e => e.Seq < seq).ToList();
            foreach (var e in doomed)
            {
                _events.Remove(e.Seq);
                _sequenced.Remove((e.Did, e.Rev.Value));
            }

            return Task.FromResult(doomed.Count);
        }
    }

    private static int LowerBound(IList<long> keys, long value)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
