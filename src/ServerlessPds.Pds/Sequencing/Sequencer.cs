using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sequencing;

/// <summary>
/// Moves a repo's outbox entries into the global <see cref="IEventLog"/> in rev order, exactly once each, and wakes
/// live subscribers.
/// </summary>
/// <remarks>
/// docs/architecture.md, "The commit path" step 6. Ordering rests on one rule: every append of an entry includes every
/// older entry of the same repo that may still be unsequenced. Entries leave an outbox only after they are sequenced,
/// so a caller that lists the outbox (or, like the repo engine, knows every entry written since its last read) and
/// appends all of it in one <see cref="IEventLog.AppendAsync"/> keeps each repo's events in rev order, and the log's
/// per-(DID, rev) dedupe makes racing sequencers harmless.
/// </remarks>
/// <param name="repos">The repo store holding the outboxes.</param>
/// <param name="log">The event log.</param>
/// <param name="notifier">Receives the latest seq after every append.</param>
/// <param name="tids">The generator of the revs that key account and identity entries; <see cref="TidGenerator.Shared"/> when <see langword="null"/>.</param>
public sealed class Sequencer(IRepoStore repos, IEventLog log, IEventNotifier notifier, TidGenerator? tids = null)
{
    private readonly TidGenerator _tids = tids ?? TidGenerator.Shared;

    /// <summary>
    /// Sequences <paramref name="entries"/>, which the caller knows to be (or to have been) in the repo's outbox and
    /// which include every older entry that may be unsequenced, then notifies subscribers.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <param name="entries">The entries in strictly increasing rev order; empty does nothing.</param>
    /// <param name="cancellationToken">A token that cancels the append.</param>
    /// <returns>One result per entry; <see cref="AppendedEntry.Duplicate"/> marks those sequenced before.</returns>
    /// <exception cref="ArgumentException">The entries are out of order or one has no events.</exception>
    public async Task<IReadOnlyList<AppendedEntry>> SequenceAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [];
        }

        var appended = await log.AppendAsync(did, entries, cancellationToken).ConfigureAwait(false);
        notifier.Notify(appended.Max(a => a.FirstSeq + a.Count - 1));
        return appended;
    }

    /// <summary>Lists the repo's outbox, sequences every entry in it, and deletes them from the outbox.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the work; what was done stays done.</param>
    /// <returns>The number of outbox entries found (sequenced now or before) and deleted.</returns>
    public async Task<int> DrainAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var entries = await repos.ListOutboxAsync(did, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return 0;
        }

        var appended = await SequenceAsync(did, entries, cancellationToken).ConfigureAwait(false);
        await repos.DeleteOutboxAsync(did, appended.Select(a => a.Rev).ToList(), cancellationToken).ConfigureAwait(false);
        return appended.Count;
    }

    /// <summary>
    /// Sequences events that belong to no commit (<c>#identity</c>, <c>#account</c>, a <c>#sync</c> of the current
    /// commit) for <paramref name="did"/>, after every commit entry still in its outbox: lists the outbox and appends it
    /// together with one new entry holding <paramref name="events"/>, keyed by a fresh TID greater than every listed rev,
    /// so the log's per-(DID, rev) dedupe never confuses it with a commit and the repo's order is kept.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="events">The events in the order they must be sequenced; at least one.</param>
    /// <param name="cancellationToken">A token that cancels the append; the outcome is then unknown (all or nothing).</param>
    /// <returns>The result of the new entry: the seq of its first event and how many it holds.</returns>
    /// <exception cref="ArgumentException"><paramref name="events"/> is empty.</exception>
    /// <remarks>
    /// Spec: atproto.com/specs/sync ("Identity and Account Events"). The outbox is left as it is: its entries are
    /// deleted by the repo's next commit or the sweeper, which find them sequenced. Costs two round trips (list, append).
    /// </remarks>
    public async Task<AppendedEntry> SequenceAccountEventsAsync(Did did, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("At least one event is needed.", nameof(events));
        }

        var older = await repos.ListOutboxAsync(did, cancellationToken).ConfigureAwait(false);
        var entry = new OutboxEntry(_tids.Next(older.Count == 0 ? null : older[^1].Rev), events);
        var appended = await SequenceAsync(did, [.. older, entry], cancellationToken).ConfigureAwait(false);
        return appended[^1];
    }
}
