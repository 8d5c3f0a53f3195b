using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Firehose;

/// <summary>
/// Opens firehose subscriptions over the <see cref="IEventLog"/> and keeps count of the live ones. Transport-neutral:
/// the host's WebSocket endpoint pumps each subscription's frames, and another transport (e.g. Azure Web PubSub) can
/// pump the same frames.
/// </summary>
/// <remarks>Spec: atproto.com/specs/event-stream; lexicon <c>com.atproto.sync.subscribeRepos</c>. docs/architecture.md, "The firehose".</remarks>
/// <param name="log">The event log.</param>
/// <param name="waiter">Wakes caught-up subscribers when this instance sequences events.</param>
/// <param name="options">Settings; defaults when <see langword="null"/>.</param>
public sealed class FirehoseHub(IEventLog log, IEventWaiter waiter, FirehoseOptions? options = null)
{
    private readonly FirehoseOptions _options = Validate(options ?? new FirehoseOptions());
    private readonly ConcurrentDictionary<long, FirehoseSubscription> _active = new();
    private long _nextId;

    /// <summary>Gets the settings in use.</summary>
    public FirehoseOptions Options => _options;

    /// <summary>Gets the number of subscriptions opened and not yet disposed.</summary>
    public int ActiveCount => _active.Count;

    /// <summary>Gets a snapshot of the subscriptions opened and not yet disposed.</summary>
    public IReadOnlyList<FirehoseSubscription> Active => [.. _active.Values];

    /// <summary>
    /// Opens a subscription and starts its producer. Reads the latest seq first, so a storage failure surfaces here
    /// (before a WebSocket upgrade) rather than as a broken stream. The caller must dispose the subscription.
    /// </summary>
    /// <param name="cursor">The consumer's cursor (see <see cref="FirehoseCursor.Parse"/>), or <see langword="null"/> for live only.</param>
    /// <param name="cancellationToken">A token that cancels opening.</param>
    /// <returns>The running subscription.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cursor"/> is negative.</exception>
    /// <exception cref="Protocol.Xrpc.XrpcException">503 <c>ServiceUnavailable</c>: the log cannot be read (from the Azure log).</exception>
    public async Task<FirehoseSubscription> OpenAsync(long? cursor, CancellationToken cancellationToken = default)
    {
        if (cursor is { } c)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(cursor));
        }

        var latest = await log.GetLatestSeqAsync(cancellationToken).ConfigureAwait(false);
        var subscription = new FirehoseSubscription(
            Interlocked.Increment(ref _nextId), log, waiter, _options, cursor, latest, s => _active.TryRemove(s.Id, out _));
        _active[subscription.Id] = subscription;
        subscription.Start();
        return subscription;
    }

    private static FirehoseOptions Validate(FirehoseOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BufferFrames, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BufferBytes, 1L, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxReadFailures, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFrameBytes, FirehoseOptions.MinFrameBytes, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SlowConsumerTimeout, TimeSpan.Zero, nameof(options));
        return options;
    }
}
