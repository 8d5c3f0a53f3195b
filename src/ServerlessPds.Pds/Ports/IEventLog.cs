using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The durable, globally ordered firehose log: assigns each event its <c>seq</c> and serves the backfill window.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream, "Sequence Numbers" (strictly increasing, never reused; a consumer that sees
/// <c>seq</c> go backwards disconnects). docs/architecture.md, "The commit path" step 6: in Azure the <c>log</c>
/// partition of table <c>events</c>, with a <c>counter</c> row whose ETag serialises sequencing and a dedupe row
/// <c>d:&lt;did&gt; &lt;rev&gt;</c> per sequenced entry.
/// </remarks>
public interface IEventLog
{
    /// <summary>
    /// Sequences outbox entries of one DID, in one atomic step: every entry not yet sequenced gets consecutive seqs,
    /// greater than every seq assigned before by any caller in any process, in the order given; entries already
    /// sequenced (same DID and rev) are skipped. Either all the new entries are appended or none, except that a durable
    /// implementation may split a list too long for one atomic write into consecutive atomic steps, in order (a failure
    /// then leaves a prefix sequenced, which a later call skips).
    /// </summary>
    /// <param name="did">The repo the entries belong to.</param>
    /// <param name="entries">The entries, in strictly increasing rev order, each with at least one event.</param>
    /// <param name="cancellationToken">A token that cancels the append; the outcome is then unknown (all or nothing).</param>
    /// <returns>One result per entry, in the order given.</returns>
    /// <exception cref="ArgumentException">The entries are not in strictly increasing rev order, or one has no events.</exception>
    Task<IReadOnlyList<AppendedEntry>> AppendAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Reads events in seq order.</summary>
    /// <param name="afterSeq">Return only events with a greater seq; 0 to start at the oldest retained.</param>
    /// <param name="limit">The most events to return, at least 1.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>
    /// The events, lowest seq first; possibly fewer than
    /// <paramref name="limit"/> even when more follow (a cache answers only the run it holds); empty only when no event
    /// after <paramref name="afterSeq"/> is stored.
    /// </returns>
    Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reads the highest seq ever assigned (it survives <see cref="DeleteBeforeAsync"/>).</summary>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The seq, or 0 when nothing was ever sequenced.</returns>
    Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes events (and their dedupe records) with a seq below <paramref name="seq"/>, for retention.</summary>
    /// <param name="seq">The lowest seq to keep.</param>
    /// <param name="cancellationToken">A token that cancels the deletion; some events may have been deleted.</param>
    /// <returns>The number of events deleted.</returns>
    /// <remarks>
    /// An entry's dedupe record must outlive its outbox entry; the sweeper deletes sequenced outbox entries long before
    /// any sensible retention window ends.
    /// </remarks>
    Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default);
}
