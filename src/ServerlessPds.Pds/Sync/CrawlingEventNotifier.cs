using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// Passes "new events" notifications on to <paramref name="inner"/>, then lets the <see cref="CrawlerNotifier"/> renew
/// its crawl request if the last one is stale (<see cref="CrawlerNotifier.NotifyActivityAsync"/>), without waiting.
/// </summary>
/// <param name="inner">The decorated notifier (wakes firehose subscribers).</param>
/// <param name="crawlers">The crawler notifier.</param>
public sealed class CrawlingEventNotifier(IEventNotifier inner, CrawlerNotifier crawlers) : IEventNotifier
{
    /// <inheritdoc/>
    public void Notify(long latestSeq)
    {
        inner.Notify(latestSeq);
        _ = crawlers.NotifyActivityAsync(CancellationToken.None);
    }
}
