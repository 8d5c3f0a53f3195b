using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Firehose;

/// <summary>
/// Serves <c>com.atproto.sync.subscribeRepos</c> to WebSockets that a message service holds (Azure Web PubSub): one
/// pump per connection drains its own <see cref="FirehoseSubscription"/> and sends each frame to that connection alone,
/// one send at a time, the next only after the service accepted the previous. Started by the service's
/// <c>connected</c> event, stopped by <c>disconnected</c>.
/// </summary>
/// <remarks>
/// <para>Why per-connection delivery rather than a live group: a connection's frames come from one loop reading the log
/// after the last seq it delivered (<see cref="FirehoseSubscription"/>), so replay and live are the same loop and there
/// is no hand-over point at which a frame could be missed or sent twice. A group broadcast would need the backfill to
/// stop exactly where the group's stream starts, which the REST API cannot make atomic. Live latency is kept by the
/// sequencer waking the loops (<see cref="IEventWaiter"/>), the "nudge"; other instances' events arrive within
/// <see cref="FirehoseOptions.PollInterval"/>.</para>
/// <para>No duplicate, no gap: sends are not retried; if one fails (refused or unanswered, so its fate is unknown) the
/// connection is closed and the consumer resumes from its cursor. Frames follow <see cref="FirehoseSubscription"/>:
/// <c>#info OutdatedCursor</c>, the <c>FutureCursor</c> and <c>ConsumerTooSlow</c> error frames (then the connection is
/// closed with the error's name as reason), and an oversized <c>#commit</c> sent as its <c>#sync</c>
/// (<see cref="FirehoseOptions.MaxFrameBytes"/> must not exceed <see cref="IFirehoseConnections.MaxMessageBytes"/>).</para>
/// <para>A pump whose <c>disconnected</c> event went to another instance notices within the liveness interval, when
/// the service says the connection is gone. On shutdown (<see cref="DisposeAsync"/>) every connection pumped here is
/// closed, so consumers reconnect with their cursor to an instance that runs.</para>
/// Spec: atproto.com/specs/event-stream. docs/architecture.md, "The firehose on Azure Web PubSub".
/// </remarks>
public sealed class FirehoseConnectionPumps : IAsyncDisposable
{
    /// <summary>The close reason sent to connections still open when the instance stops.</summary>
    public const string ShutdownReason = "server shutting down; reconnect with your cursor";

    /// <summary>The close reason sent after a send failed.</summary>
    public const string SendFailedReason = "a send failed; reconnect with your cursor";

    private readonly FirehoseHub _hub;
    private readonly IFirehoseConnections _connections;
    private readonly TimeSpan _livenessInterval;
    private readonly Action<string, Exception>? _onFailure;
    private readonly ConcurrentDictionary<string, Pump> _pumps = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="hub">Opens the subscriptions; its <see cref="FirehoseOptions.MaxFrameBytes"/> must fit the service's messages.</param>
    /// <param name="connections">The service's connections.</param>
    /// <param name="livenessInterval">How often a pump asks the service whether its connection is still open.</param>
    /// <param name="onFailure">Told (connection id, exception) of sends, closes and liveness checks that failed; may be <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The hub's frames can be larger than the service's messages.</exception>
    public FirehoseConnectionPumps(FirehoseHub hub, IFirehoseConnections connections, TimeSpan livenessInterval, Action<string, Exception>? onFailure = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(livenessInterval, TimeSpan.Zero);
        if (hub.Options.MaxFrameBytes > connections.MaxMessageBytes)
        {
            throw new ArgumentException(
                $"The hub allows frames of {hub.Options.MaxFrameBytes} bytes; the service carries at most {connections.MaxMessageBytes}.", nameof(hub));
        }

        _hub = hub;
        _connections = connections;
        _livenessInterval = livenessInterval;
        _onFailure = onFailure;
    }

    /// <summary>Gets the number of connections pumped by this instance.</summary>
    public int ActiveCount => _pumps.Count;

    /// <summary>Gets the connection ids pumped by this instance.</summary>
    public IReadOnlyCollection<string> ConnectionIds => [.. _pumps.Keys];

    /// <summary>Opens the connection's subscription and starts its pump (the service's <c>connected</c> event).</summary>
    /// <param name="connectionId">The service's connection id.</param>
    /// <param name="cursor">The consumer's cursor, or <see langword="null"/> for live only.</param>
    /// <param name="cancellationToken">A token that cancels opening.</param>
    /// <returns><see langword="true"/> if started; <see langword="false"/> if this connection is already pumped here.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">503 <c>ServiceUnavailable</c>: the event log cannot be read.</exception>
    public async Task<bool> StartAsync(string connectionId, long? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        if (_pumps.ContainsKey(connectionId))
        {
            return false;
        }

        var subscription = await _hub.OpenAsync(cursor, cancellationToken).ConfigureAwait(false);
        var pump = new Pump(subscription);
        if (!_pumps.TryAdd(connectionId, pump))
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            return false;
        }

        pump.Task = Task.Run(() => RunAsync(connectionId, pump));
        return true;
    }

    /// <summary>Stops the connection's pump without closing it (the service's <c>disconnected</c> event).</summary>
    /// <param name="connectionId">The service's connection id.</param>
    /// <returns>A task that completes when the pump has stopped; at once if it is not pumped here.</returns>
    public Task StopAsync(string connectionId) => StopAsync(connectionId, closeReason: null);

    /// <summary>Stops every pump and closes its connection with <see cref="ShutdownReason"/>.</summary>
    /// <returns>A task that completes when every pump has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_pumps.Keys.Select(id => StopAsync(id, ShutdownReason))).ConfigureAwait(false);
    }

    private async Task StopAsync(string connectionId, string? closeReason)
    {
        if (!_pumps.TryGetValue(connectionId, out var pump))
        {
            return;
        }

        pump.StopReason = closeReason;
        await pump.Stop.CancelAsync().ConfigureAwait(false);
        await pump.Task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(string connectionId, Pump pump)
    {
        var watching = WatchAsync(connectionId, pump);
        string? closeReason = null;
        try
        {
            closeReason = await SendAllAsync(connectionId, pump).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (pump.Stop.IsCancellationRequested)
        {
            closeReason = pump.StopReason;
        }
        catch (FirehoseConnectionException e)
        {
            _onFailure?.Invoke(connectionId, e);
            closeReason = SendFailedReason;
        }
        finally
        {
            _pumps.TryRemove(new KeyValuePair<string, Pump>(connectionId, pump));
            await pump.Stop.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await pump.Subscription.DisposeAsync().ConfigureAwait(false);
        }

        if (closeReason is not null)
        {
            await CloseQuietlyAsync(connectionId, closeReason).ConfigureAwait(false);
        }
    }

    /// <summary>Sends frames until the stream ends; returns the close reason, or <see langword="null"/> when the connection is gone.</summary>
    private async Task<string?> SendAllAsync(string connectionId, Pump pump)
    {
        var subscription = pump.Subscription;
        while (await subscription.ReadAsync(pump.Stop.Token).ConfigureAwait(false) is { } frame)
        {
            if (!await _connections.SendAsync(connectionId, frame.Bytes, pump.Stop.Token).ConfigureAwait(false))
            {
                return null;
            }

            if (frame.IsFinal)
            {
                break;
            }
        }

        return subscription.End switch
        {
            FirehoseEnd.FutureCursor => nameof(FirehoseEnd.FutureCursor),
            FirehoseEnd.ConsumerTooSlow => nameof(FirehoseEnd.ConsumerTooSlow),
            FirehoseEnd.Failed => "the event log could not be read",
            _ => "the stream ended",
        };
    }

    /// <summary>Stops the pump when the service says its connection is gone (its <c>disconnected</c> went elsewhere).</summary>
    private async Task WatchAsync(string connectionId, Pump pump)
    {
        var token = pump.Stop.Token;
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(_livenessInterval, token).ConfigureAwait(false);
            try
            {
                if (!await _connections.ExistsAsync(connectionId, token).ConfigureAwait(false))
                {
                    await pump.Stop.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (FirehoseConnectionException e)
            {
                _onFailure?.Invoke(connectionId, e);
            }
        }
    }

    private async Task CloseQuietlyAsync(string connectionId, string reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _connections.CloseAsync(connectionId, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FirehoseConnectionException or OperationCanceledException)
        {
            _onFailure?.Invoke(connectionId, e);
        }
    }

    private sealed class Pump(FirehoseSubscription subscription)
    {
        public FirehoseSubscription Subscription { get; } = subscription;

        public CancellationTokenSource Stop { get; } = new();

        public Task Task { get; set; } = Task.CompletedTask;

        public string? StopReason { get; set; }
    }
}
