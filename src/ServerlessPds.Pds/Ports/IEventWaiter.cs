namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Lets a firehose subscription sleep until new events may be in the <see cref="IEventLog"/>. A wake-up carries no
/// events: the subscriber then reads the log after its last seq, so a missed or coalesced wake-up only delays delivery
/// until the subscriber's next poll.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream (live tail after backfill). Standalone: <c>LocalEventNotifier</c>, woken by this
/// instance's sequencer; events sequenced by other instances are found by polling (docs/architecture.md, "The firehose").
/// </remarks>
public interface IEventWaiter
{
    /// <summary>Waits until a seq greater than <paramref name="afterSeq"/> may be readable.</summary>
    /// <param name="afterSeq">The last seq the caller has.</param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>The latest seq the waiter knows of, greater than <paramref name="afterSeq"/>.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<long> WaitAsync(long afterSeq, CancellationToken cancellationToken = default);
}
