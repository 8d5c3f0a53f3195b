namespace ServerlessPds.Pds.Firehose;

/// <summary>Settings of <see cref="FirehoseHub"/> and its subscriptions.</summary>
/// <remarks>Spec: atproto.com/specs/event-stream ("Sequence Numbers", backpressure). docs/architecture.md, "The firehose".</remarks>
public sealed class FirehoseOptions
{
    /// <summary>Gets the most frames one subscriber's buffer holds. Default 500.</summary>
    public int BufferFrames { get; init; } = 500;

    /// <summary>
    /// Gets the most bytes one subscriber's buffer holds (a single larger frame is still taken when the buffer is
    /// empty). Default 32 MiB.
    /// </summary>
    public long BufferBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// Gets how long a full buffer may stay full before its consumer is dropped with <c>ConsumerTooSlow</c>: the consumer
    /// took no frame for this long while more were waiting. Default 15 seconds.
    /// </summary>
    public TimeSpan SlowConsumerTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets how often a live subscriber reads the log without having been woken, which bounds the delay of events
    /// sequenced by other instances or whose wake-up was lost. Default 2 seconds.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the most events one log read returns. Default 100.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Gets how many log reads in a row may fail before the subscription ends as failed. Default 5.</summary>
    public int MaxReadFailures { get; init; } = 5;

    /// <summary>
    /// Gets the largest frame the transport can carry, in bytes: <see cref="Protocol.Sync.SyncLimits.MaxFrameBytes"/>
    /// (5,000,000) for WebSockets, less for a message service (Azure Web PubSub takes 1 MB). A <c>#commit</c> frame
    /// larger than this is replaced by the <c>#sync</c> frame of the same commit and seq; any other larger frame is
    /// skipped. At least <see cref="MinFrameBytes"/>.
    /// </summary>
    public int MaxFrameBytes { get; init; } = Protocol.Sync.SyncLimits.MaxFrameBytes;

    /// <summary>The least <see cref="MaxFrameBytes"/> allowed: room for any <c>#sync</c>, <c>#identity</c> or <c>#account</c> frame.</summary>
    public const int MinFrameBytes = 64 * 1024;
}
