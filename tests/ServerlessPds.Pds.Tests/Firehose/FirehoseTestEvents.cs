using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Firehose;

/// <summary>Appends real <c>#identity</c> events to a log (one outbox entry each) and reads subscriptions in tests.</summary>
internal static class FirehoseTestEvents
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static long _rev;

    public static StoredEvent Identity(int n) => StoredEvent.From(new IdentityEvent
    {
        Did = TestIds.Did(n % 100),
        Time = AtprotoDatetime.Parse("2025-01-01T00:00:00.000Z"),
        Handle = Handle.Parse($"user{n}.test"),
    });

    /// <summary>Appends <paramref name="count"/> events, one entry each, and notifies.</summary>
    public static async Task AppendAsync(IEventLog log, IEventNotifier notifier, int count, int start = 0)
    {
        for (var i = 0; i < count; i++)
        {
            var n = start + i;
            var appended = await log.AppendAsync(TestIds.Did(n % 100), [new OutboxEntry(TestIds.Rev(Interlocked.Increment(ref _rev)), [Identity(n)])]);
            notifier.Notify(appended[0].FirstSeq);
        }
    }

    /// <summary>Appends one event with a body of about <paramref name="bytes"/> bytes (an unknown message type).</summary>
    public static async Task<long> AppendLargeAsync(IEventLog log, IEventNotifier notifier, int bytes)
    {
        var stored = new StoredEvent("#test", DagCbor.Encode(DataMap.Of(("data", DataValue.From(new byte[bytes])))));
        var appended = await log.AppendAsync(TestIds.Did(0), [new OutboxEntry(TestIds.Rev(Interlocked.Increment(ref _rev)), [stored])]);
        notifier.Notify(appended[0].FirstSeq);
        return appended[0].FirstSeq;
    }

    /// <summary>Reads frames until one with seq <paramref name="lastSeq"/> (or a final frame, or the end).</summary>
    public static async Task<List<OutgoingFrame>> ReadUntilAsync(FirehoseSubscription subscription, long lastSeq)
    {
        using var patience = new CancellationTokenSource(Patience);
        var frames = new List<OutgoingFrame>();
        while (await subscription.ReadAsync(patience.Token) is { } frame)
        {
            frames.Add(frame);
            if (frame.IsFinal || frame.Seq >= lastSeq)
            {
                break;
            }
        }

        return frames;
    }

    public static FirehoseHub Hub(IEventLog log, LocalEventNotifier notifier, FirehoseOptions? options = null) =>
        new(log, notifier, options ?? new FirehoseOptions { PageSize = 37, BufferFrames = 64 });
}
