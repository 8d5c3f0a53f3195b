namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Tells live firehose subscribers that new events are in the <see cref="IEventLog"/>. Subscribers then read the log
/// from their last seq, so a notification carries no event and a lost one only delays delivery until the next.
/// </summary>
/// <remarks>Standalone: an in-process broadcast. Azure: a Web PubSub publisher (docs/architecture.md).</remarks>
public interface IEventNotifier
{
    /// <summary>Signals that events up to <paramref name="latestSeq"/> are readable. Never blocks and never throws.</summary>
    /// <param name="latestSeq">The highest seq now in the log.</param>
    void Notify(long latestSeq);
}
