using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// Asks the configured relays to crawl this PDS: at once when an account is created or activated
/// (<see cref="RequestCrawlAsync"/>), and after new events are sequenced when the last request is older than
/// <see cref="RenewInterval"/> (<see cref="NotifyActivityAsync"/>), so a relay that dropped an idle host comes back.
/// </summary>
/// <remarks>
/// Spec: lexicon com.atproto.sync.requestCrawl; atproto.com/specs/sync. The reference PDS renews every 20 minutes of
/// activity, as here. Requests go to all relays in parallel; a relay that fails is reported to the failure observer
/// and otherwise ignored: the returned tasks never fault, so callers may discard them and no write waits for a relay.
/// Thread-safe.
/// </remarks>
public sealed class CrawlerNotifier
{
    /// <summary>The default <see cref="RenewInterval"/>: 20 minutes.</summary>
    public static readonly TimeSpan DefaultRenewInterval = TimeSpan.FromMinutes(20);

    private readonly IRelayClient _client;
    private readonly IReadOnlyList<Uri> _relays;
    private readonly string _hostname;
    private readonly TimeProvider _time;
    private readonly Action<Uri, Exception>? _onFailure;
    private long _lastRequestTicks = long.MinValue;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="client">Sends the requests.</param>
    /// <param name="relays">The relays' base URLs; none disables every request.</param>
    /// <param name="hostname">This PDS's public host name, sent as <c>hostname</c>.</param>
    /// <param name="renewInterval">How old the last request must be before activity renews it; <see cref="DefaultRenewInterval"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="onFailure">Told about each failed request (relay, error), e.g. to log it; may be <see langword="null"/>.</param>
    public CrawlerNotifier(IRelayClient client, IEnumerable<Uri> relays, string hostname, TimeSpan? renewInterval = null,
        TimeProvider? timeProvider = null, Action<Uri, Exception>? onFailure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(relays);
        ArgumentException.ThrowIfNullOrEmpty(hostname);
        _client = client;
        _relays = relays.ToList();
        _hostname = hostname;
        RenewInterval = renewInterval ?? DefaultRenewInterval;
        _time = timeProvider ?? TimeProvider.System;
        _onFailure = onFailure;
    }

    /// <summary>Gets how old the last crawl request must be before new events renew it.</summary>
    public TimeSpan RenewInterval { get; }

    /// <summary>Asks every relay to crawl now (an account was created or activated).</summary>
    /// <param name="cancellationToken">A token that cancels the requests.</param>
    /// <returns>A task that completes when every relay answered or failed; it never faults.</returns>
    public Task RequestCrawlAsync(CancellationToken cancellationToken = default)
    {
        if (_relays.Count == 0)
        {
            return Task.CompletedTask;
        }

        Interlocked.Exchange(ref _lastRequestTicks, _time.GetUtcNow().UtcTicks);
        return Task.WhenAll(_relays.Select(relay => SendAsync(relay, cancellationToken)));
    }

    /// <summary>Renews the crawl request when events were sequenced and the last request is older than <see cref="RenewInterval"/>.</summary>
    /// <param name="cancellationToken">A token that cancels the requests.</param>
    /// <returns>A task that completes when the renewal (if any) is done; it never faults.</returns>
    public Task NotifyActivityAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastRequestTicks);
        if (_relays.Count == 0 || (last != long.MinValue && now - last < RenewInterval.Ticks)
            || Interlocked.CompareExchange(ref _lastRequestTicks, now, last) != last)
        {
            return Task.CompletedTask;
        }

        return Task.WhenAll(_relays.Select(relay => SendAsync(relay, cancellationToken)));
    }

    private async Task SendAsync(Uri relay, CancellationToken cancellationToken)
    {
        try
        {
            await _client.RequestCrawlAsync(relay, _hostname, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A relay's failure, whatever it is, must never reach the write that triggered it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _onFailure?.Invoke(relay, e);
        }
    }
}
