using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Sequencing;

/// <summary>
/// An in-process <see cref="IEventNotifier"/> that firehose connections wait on: <see cref="WaitAsync"/> completes
/// once the notified seq passes the caller's. Notifications coalesce; a waiter then reads the log from its own seq.
/// </summary>
/// <remarks>Spec: atproto.com/specs/event-stream (live tail after backfill). Thread-safe; never blocks a notifier.</remarks>
public sealed class LocalEventNotifier : IEventNotifier, IEventWaiter
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _latestSeq;

    /// <summary>Gets the highest seq notified so far (0 before any).</summary>
    public long LatestSeq => Interlocked.Read(ref _latestSeq);

    /// <inheritdoc/>
    public void Notify(long latestSeq)
    {
        var seen = Interlocked.Read(ref _latestSeq);
        while (latestSeq > seen)
        {
            var previous = Interlocked.CompareExchange(ref _latestSeq, latestSeq, seen);
            if (previous == seen)
            {
                break;
            }

            seen = previous;
        }

        Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Waits until a seq greater than <paramref name="afterSeq"/> has been notified.</summary>
    /// <param name="afterSeq">The last seq the caller has.</param>
    /// <param name="cancellationToken">A token that cancels the wait.</param>
    /// <returns>The latest notified seq, greater than <paramref name="afterSeq"/>.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>Implements <see cref="IEventWaiter.WaitAsync"/>.</remarks>
    public async Task<long> WaitAsync(long afterSeq, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _signal).Task;
            var latest = LatestSeq;
            if (latest > afterSeq)
            {
                return latest;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
