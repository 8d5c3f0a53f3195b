using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sequencing;

/// <summary>
/// An <see cref="IEventLog"/> decorator that keeps the events this process appended most recently in memory, so that
/// live firehose subscribers of this instance get them without a storage read. Everything else goes to the durable log.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream ("Sequence Numbers"). A read is answered from memory only when the cache holds
/// the very next seq (<c>afterSeq + 1</c>), and then only with the run of consecutive seqs that follows it; at the first
/// seq the cache lacks (an event another instance sequenced, or one evicted), the answer ends, and the caller's next read
/// goes to the durable log. So the cache can shorten a read but never skip an event. Events appended by other
/// instances are only ever read from storage. The cache holds at most <see cref="MaxEvents"/> events and
/// <see cref="MaxBytes"/> bytes of event bodies, oldest evicted first; it is dropped below the retention boundary with
/// the log. docs/architecture.md, "The firehose".
/// </remarks>
public sealed class RecentEventLog : IEventLog
{
    /// <summary>The most events kept in memory.</summary>
    public const int MaxEvents = 4096;

    /// <summary>The most bytes of event bodies kept in memory (16 MiB).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    private readonly IEventLog _inner;
    private readonly TimeProvider _time;
    private readonly LinkedList<LoggedEvent> _recent = new();
    private readonly Lock _gate = new();
    private long _bytes;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="inner">The durable log.</param>
    /// <param name="timeProvider">The clock for <see cref="LoggedEvent.SequencedAt"/> of cached events; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public RecentEventLog(IEventLog inner, TimeProvider? timeProvider = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the number of events in memory (for tests and diagnostics).</summary>
    public int CachedCount
    {
        get
        {
            lock (_gate)
            {
                return _recent.Count;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AppendedEntry>> AppendAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default)
    {
        var appended = await _inner.AppendAsync(did, entries, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            for (var i = 0; i < appended.Count; i++)
            {
                var result = appended[i];
                if (result.Duplicate)
                {
                    continue;
                }

                var entry = entries[i];
                for (var j = 0; j < entry.Events.Count; j++)
                {
                    Add(new LoggedEvent(result.FirstSeq + j, did, entry.Rev, entry.Events[j], now));
                }
            }
        }
        return appended;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (afterSeq > 0)
        {
            lock (_gate)
            {
                var node = _recent.First;
                while (node is not null && node.Value.Seq <= afterSeq)
                {
                    node = node.Next;
                }

                if (node is not null && node.Value.Seq == afterSeq + 1)
                {
                    var run = new List<LoggedEvent>();
                    for (var expected = afterSeq + 1; node is not null && node.Value.Seq == expected && run.Count < limit; expected++, node = node.Next)
                    {
                        run.Add(node.Value);
                    }
                    return Task.FromResult<IReadOnlyList<LoggedEvent>>(run);
                }
            }
        }
        return _inner.ReadAsync(afterSeq, limit, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default) => _inner.GetLatestSeqAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default)
    {
        var deleted = await _inner.DeleteBeforeAsync(seq, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            while (_recent.First is { } first && first.Value.Seq < seq)
            {
                Remove(first);
            }
        }
        return deleted;
    }

    private void Add(LoggedEvent loggedEvent)
    {
        // Appends from concurrent callers may finish out of seq order: keep the list sorted by seq.
        var after = _recent.Last;
        while (after is not null && after.Value.Seq > loggedEvent.Seq)
        {
            after = after.Previous;
        }

        if (after is not null && after.Value.Seq == loggedEvent.Seq)
        {
            return;
        }

        if (after is null)
        {
            _recent.AddFirst(loggedEvent);
        }
        else
        {
            _recent.AddAfter(after, loggedEvent);
        }

        _bytes += loggedEvent.Event.Body.Length;
        while (_recent.Count > MaxEvents || (_bytes > MaxBytes && _recent.Count > 1))
        {
            Remove(_recent.First!);
        }
    }

    private void Remove(LinkedListNode<LoggedEvent> node)
    {
        _bytes -= node.Value.Event.Body.Length;
        _recent.Remove(node);
    }
}
