using System.Globalization;
using ServerlessPds.Pds.Firehose;

namespace ServerlessPds.Host.Configuration;

/// <summary>
/// The firehose settings (<c>com.atproto.sync.subscribeRepos</c>), bound from <c>Pds:Firehose</c> (environment
/// <c>Pds__Firehose__Retention</c>, <c>Pds__Firehose__BufferFrames</c>, ...). Durations are .NET time spans, e.g.
/// <c>3.00:00:00</c> (3 days) or <c>00:00:02</c> (2 seconds).
/// </summary>
/// <remarks>docs/architecture.md, "The firehose".</remarks>
public sealed class PdsFirehoseOptions
{
    /// <summary>The <see cref="Transport"/> that serves the firehose on this host's own WebSocket endpoint.</summary>
    public const string WebSocketTransport = "websocket";

    /// <summary>The <see cref="Transport"/> that serves the firehose through Azure Web PubSub (<see cref="PdsWebPubSubOptions"/>).</summary>
    public const string WebPubSubTransport = "webpubsub";

    /// <summary>
    /// Gets or sets how consumers reach the firehose: <see cref="WebSocketTransport"/> (default, this host holds the
    /// WebSockets) or <see cref="WebPubSubTransport"/> (Azure Web PubSub holds them and calls <c>/webpubsub/events</c>;
    /// needed under Azure Functions, which cannot hold WebSockets).
    /// </summary>
    public string Transport { get; set; } = WebSocketTransport;

    /// <summary>Gets a value indicating whether <see cref="Transport"/> is <see cref="WebPubSubTransport"/>.</summary>
    public bool UsesWebPubSub => string.Equals(Transport?.Trim(), WebPubSubTransport, StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets or sets how long events stay in the log (the backfill window). Default 72 hours.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Gets or sets the time between retention sweeps. Default 5 minutes.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the most frames buffered per subscriber. Default 500.</summary>
    public int BufferFrames { get; set; } = 500;

    /// <summary>Gets or sets the most bytes buffered per subscriber. Default 32 MiB.</summary>
    public long BufferBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Gets or sets how long a full buffer may stay full before <c>ConsumerTooSlow</c>. Default 15 seconds.</summary>
    public TimeSpan SlowConsumerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets how often a caught-up subscriber reads the log unprompted: the most delay for events sequenced by
    /// another instance. Default 2 seconds.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the interval of WebSocket keep-alive pings. Default 20 seconds.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets how long a ping may go unanswered before the connection is dropped. Default 60 seconds.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets how long a send may block once the stream is ending (error frame, shutdown), and how long the close
    /// handshake may take, before the connection is aborted. Default 10 seconds.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns the subscription engine's settings.</summary>
    /// <returns>The settings.</returns>
    public FirehoseOptions ToFirehoseOptions() => new()
    {
        BufferFrames = BufferFrames,
        BufferBytes = BufferBytes,
        SlowConsumerTimeout = SlowConsumerTimeout,
        PollInterval = PollInterval,
    };

    /// <summary>Adds one message per bad setting, each naming its environment variable.</summary>
    /// <param name="failures">The list to add to.</param>
    public void Validate(List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        foreach (var (name, value) in new[]
        {
            (nameof(Retention), Retention), (nameof(RetentionSweepInterval), RetentionSweepInterval),
            (nameof(SlowConsumerTimeout), SlowConsumerTimeout), (nameof(PollInterval), PollInterval),
            (nameof(KeepAliveInterval), KeepAliveInterval), (nameof(KeepAliveTimeout), KeepAliveTimeout), (nameof(CloseTimeout), CloseTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"{Env(name)} is {value.ToString("c", CultureInfo.InvariantCulture)}: give a positive duration, e.g. 00:00:10 for 10 seconds.");
            }
        }

        if (!UsesWebPubSub && !string.Equals(Transport?.Trim(), WebSocketTransport, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{Env(nameof(Transport))} is \"{Transport}\": give {WebSocketTransport} (this host's WebSocket) or {WebPubSubTransport} (Azure Web PubSub).");
        }

        if (BufferFrames < 1)
        {
            failures.Add($"{Env(nameof(BufferFrames))} is {BufferFrames.ToString(CultureInfo.InvariantCulture)}: give the most frames buffered per subscriber, at least 1, e.g. 500.");
        }

        if (BufferBytes < 1)
        {
            failures.Add($"{Env(nameof(BufferBytes))} is {BufferBytes.ToString(CultureInfo.InvariantCulture)}: give the most bytes buffered per subscriber, at least 1, e.g. 33554432.");
        }
    }

    private static string Env(string setting) => PdsSettingNames.EnvironmentVariable("Firehose:" + setting);
}
