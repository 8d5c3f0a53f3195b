using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Firehose;

/// <summary>
/// Deletes events older than the retention window from the <see cref="IEventLog"/>: everything below the first event
/// (in seq order) whose <see cref="LoggedEvent.SequencedAt"/> is within <see cref="EventRetentionOptions.Window"/>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream ("backfill window ... hours or days"). Safe on many instances at once: deleting
/// is idempotent (<see cref="IEventLog.DeleteBeforeAsync"/> tolerates rows already gone), and the boundary only moves
/// forward because the log is read from its oldest event. Stopping at the first recent event keeps an old one that
/// follows it (clock skew between instances) until a later run, never deleting too much. The latest seq survives, so
/// cursors keep their meaning; consumers behind the window get <c>OutdatedCursor</c>.
/// </remarks>
/// <param name="log">The event log.</param>
/// <param name="options">Settings; defaults when <see langword="null"/>.</param>
/// <param name="timeProvider">The clock ages are measured by; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
public sealed class EventRetention(IEventLog log, EventRetentionOptions? options = null, TimeProvider? timeProvider = null)
{
    private readonly EventRetentionOptions _options = options ?? new EventRetentionOptions();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Gets the settings in use.</summary>
    public EventRetentionOptions Options => _options;

    /// <summary>Deletes expired events, examining at most <see cref="EventRetentionOptions.MaxPagesPerRun"/> pages.</summary>
    /// <param name="cancellationToken">A token that cancels the sweep; what was deleted stays deleted.</param>
    /// <returns>The number of events deleted.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - _options.Window;
        var deleted = 0;
        for (var pages = 0; pages < _options.MaxPagesPerRun; pages++)
        {
            var page = await log.ReadAsync(0, _options.PageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            var kept = page.FirstOrDefault(e => e.SequencedAt >= cutoff);
            var boundary = kept?.Seq ?? page[^1].Seq + 1;
            if (boundary > page[0].Seq)
            {
                deleted += await log.DeleteBeforeAsync(boundary, cancellationToken).ConfigureAwait(false);
            }

            if (kept is not null || page.Count < _options.PageSize)
            {
                break;
            }
        }

        return deleted;
    }
}
