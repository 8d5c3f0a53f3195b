using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Xrpc;
using static ServerlessPds.Pds.Tests.Firehose.FirehoseTestEvents;

namespace ServerlessPds.Pds.Tests.Firehose;

public sealed class FirehoseSubscriptionTests
{
    private readonly MemoryEventLog _log = new();
    private readonly LocalEventNotifier _notifier = new();

    [Fact]
    public async Task Replay_FromEveryCursorOfA1000EventLog_GivesExactlyTheTail()
    {
        await AppendAsync(_log, _notifier, 1000);
        var expected = (await _log.ReadAsync(0, 1000)).Select(e => e.Event.ToFrame(e.Seq)).ToList();
        var hub = Hub(_log, _notifier);

        for (var cursor = 0; cursor < 1000; cursor++)
        {
            await using var subscription = await hub.OpenAsync(cursor);
            var frames = await ReadUntilAsync(subscription, 1000);
            Assert.Equal(Enumerable.Range(cursor + 1, 1000 - cursor).Select(s => (long?)s), frames.Select(f => f.Seq));
            Assert.True(frames.Select(f => f.Bytes).SequenceEqual(expected.Skip(cursor), ByteArrayComparer.Instance), $"cursor {cursor}");
        }

        await using var atHead = await hub.OpenAsync(1000);
        await AppendAsync(_log, _notifier, 1, 1000);
        Assert.Equal([1001L], (await ReadUntilAsync(atHead, 1001)).Select(f => f.Seq ?? 0));
        Assert.Equal(1, hub.ActiveCount);
    }

    [Fact]
    public async Task Frames_AreTheSpecFrames_HeaderOpAndTypeThenBodyWithSeq()
    {
        await AppendAsync(_log, _notifier, 3);
        var hub = Hub(_log, _notifier);
        await using var subscription = await hub.OpenAsync(1);

        var frames = await ReadUntilAsync(subscription, 3);

        Assert.Equal(2, frames.Count);
        var decoded = FirehoseFrames.Decode(frames[0].Bytes);
        Assert.Equal(FrameHeader.MessageOp, decoded.Header.Op);
        Assert.Equal("#identity", decoded.Header.Type);
        Assert.Equal(2, decoded.Seq);
        var identity = Assert.IsType<IdentityEvent>(decoded.Message);
        Assert.Equal("user1.test", identity.Handle?.Value);
        Assert.All(frames, f => Assert.False(f.IsFinal));
    }

    [Fact]
    public async Task NoCursor_DeliversOnlyEventsSequencedAfterOpening()
    {
        await AppendAsync(_log, _notifier, 10);
        var hub = Hub(_log, _notifier);
        await using var subscription = await hub.OpenAsync(null);

        await AppendAsync(_log, _notifier, 2, 10);

        Assert.Equal([11L, 12L], (await ReadUntilAsync(subscription, 12)).Select(f => f.Seq ?? 0));
    }

    [Fact]
    public async Task LiveSeam_EventsWrittenDuringReplay_ArriveOnceEachInOrder()
    {
        await AppendAsync(_log, _notifier, 1000);
        var hub = Hub(_log, _notifier, new FirehoseOptions { PageSize = 7, BufferFrames = 5 });
        await using var subscription = await hub.OpenAsync(0);

        var writer = Task.Run(() => AppendAsync(_log, _notifier, 1000, 1000));
        var frames = await ReadUntilAsync(subscription, 2000);
        await writer;

        Assert.Equal(Enumerable.Range(1, 2000).Select(s => (long?)s), frames.Select(f => f.Seq));
    }

    [Fact]
    public async Task LiveEvents_FromAnotherWriterWithoutNotification_ArriveByPolling()
    {
        var hub = new FirehoseHub(_log, _notifier, new FirehoseOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        await using var subscription = await hub.OpenAsync(null);

        await AppendAsync(_log, new LocalEventNotifier(), 3);

        Assert.Equal([1L, 2L, 3L], (await ReadUntilAsync(subscription, 3)).Select(f => f.Seq ?? 0));
    }

    [Fact]
    public async Task FutureCursor_SendsTheErrorFrameAndEnds()
    {
        await AppendAsync(_log, _notifier, 5);
        var hub = Hub(_log, _notifier);
        await using var subscription = await hub.OpenAsync(6);

        var frame = Assert.Single(await ReadUntilAsync(subscription, long.MaxValue));

        Assert.True(frame.IsFinal);
        var decoded = FirehoseFrames.Decode(frame.Bytes);
        Assert.Equal(FrameHeader.ErrorOp, decoded.Header.Op);
        Assert.Null(decoded.Header.Type);
        Assert.Equal(ErrorFrame.FutureCursor, decoded.Error?.Error);
        Assert.Null(await subscription.ReadAsync());
        Assert.Equal(FirehoseEnd.FutureCursor, subscription.End);
    }

    [Fact]
    public async Task CursorAtLatest_IsNotFuture_AndGoesLive()
    {
        await AppendAsync(_log, _notifier, 5);
        var hub = Hub(_log, _notifier);
        await using var subscription = await hub.OpenAsync(5);

        await AppendAsync(_log, _notifier, 1, 5);

        Assert.Equal([6L], (await ReadUntilAsync(subscription, 6)).Select(f => f.Seq ?? 0));
    }

    [Fact]
    public async Task OutdatedCursor_AfterRetentionDeletedOldEvents_InfoThenEverythingFromTheOldestKept()
    {
        var clock = new ManualTimeProvider();
        var log = new MemoryEventLog(clock);
        await AppendAsync(log, _notifier, 100);
        clock.Advance(TimeSpan.FromHours(73));
        await AppendAsync(log, _notifier, 50, 100);
        Assert.Equal(100, await new EventRetention(log, timeProvider: clock).RunOnceAsync());
        var hub = Hub(log, _notifier);

        await using var outdated = await hub.OpenAsync(10);
        var frames = await ReadUntilAsync(outdated, 150);
        await using var current = await hub.OpenAsync(100);
        var noInfo = await ReadUntilAsync(current, 150);

        var info = FirehoseFrames.Decode(frames[0].Bytes);
        Assert.Equal("#info", info.Header.Type);
        Assert.Null(info.Seq);
        Assert.Equal(InfoEvent.OutdatedCursor, Assert.IsType<InfoEvent>(info.Message).Name);
        Assert.Equal(Enumerable.Range(101, 50).Select(s => (long?)s), frames.Skip(1).Select(f => f.Seq));
        Assert.Equal(Enumerable.Range(101, 50).Select(s => (long?)s), noInfo.Select(f => f.Seq));
    }

    [Fact]
    public async Task OutdatedCursor_WhenRetentionDeletedEverything_InfoThenLive()
    {
        var clock = new ManualTimeProvider();
        var log = new MemoryEventLog(clock);
        await AppendAsync(log, _notifier, 20);
        clock.Advance(TimeSpan.FromHours(73));
        Assert.Equal(20, await new EventRetention(log, timeProvider: clock).RunOnceAsync());
        var hub = Hub(log, _notifier);
        await using var subscription = await hub.OpenAsync(0);

        await AppendAsync(log, _notifier, 1, 20);
        var frames = await ReadUntilAsync(subscription, 21);

        Assert.Equal(InfoEvent.OutdatedCursor, Assert.IsType<InfoEvent>(FirehoseFrames.Decode(frames[0].Bytes).Message).Name);
        Assert.Equal([21L], frames.Skip(1).Select(f => f.Seq ?? 0));
    }

    [Fact]
    public async Task StalledConsumer_GetsConsumerTooSlow_AndTheBufferStaysBounded()
    {
        var options = new FirehoseOptions { BufferFrames = 4, PageSize = 3, SlowConsumerTimeout = TimeSpan.FromMilliseconds(100) };
        var hub = Hub(_log, _notifier, options);
        await using var subscription = await hub.OpenAsync(null);

        await AppendAsync(_log, _notifier, 200);
        await subscription.Finished.WaitAsync(Patience);

        Assert.Equal(FirehoseEnd.ConsumerTooSlow, subscription.End);
        Assert.Equal(options.BufferFrames, subscription.HighWaterFrames);
        var frames = await ReadUntilAsync(subscription, long.MaxValue);
        var last = Assert.Single(frames);
        Assert.True(last.IsFinal);
        Assert.Equal(ErrorFrame.ConsumerTooSlow, FirehoseFrames.Decode(last.Bytes).Error?.Error);
        Assert.Null(await subscription.ReadAsync());
    }

    [Fact]
    public async Task SlowButReadingConsumer_IsNotDropped()
    {
        var hub = Hub(_log, _notifier, new FirehoseOptions { BufferFrames = 2, PageSize = 5, SlowConsumerTimeout = TimeSpan.FromSeconds(30) });
        await AppendAsync(_log, _notifier, 100);
        await using var subscription = await hub.OpenAsync(0);

        var frames = await ReadUntilAsync(subscription, 100);

        Assert.Equal(Enumerable.Range(1, 100).Select(s => (long?)s), frames.Select(f => f.Seq));
        Assert.Equal(FirehoseEnd.None, subscription.End);
        Assert.InRange(subscription.HighWaterFrames, 1, 2);
    }

    [Fact]
    public async Task BufferBytes_BoundsTheBuffer_ButAFrameLargerThanTheBoundStillPasses()
    {
        var hub = Hub(_log, _notifier, new FirehoseOptions { BufferFrames = 100, BufferBytes = 100_000 });
        await using var subscription = await hub.OpenAsync(null);
        for (var i = 0; i < 5; i++)
        {
            await AppendLargeAsync(_log, _notifier, 150_000);
        }

        var frames = await ReadUntilAsync(subscription, 5);

        Assert.Equal([1L, 2, 3, 4, 5], frames.Select(f => f.Seq ?? 0));
        Assert.Equal(1, subscription.HighWaterFrames);
    }

    [Fact]
    public async Task OversizeFrame_IsSkipped_AndTheStreamGoesOn()
    {
        var hub = Hub(_log, _notifier);
        await using var subscription = await hub.OpenAsync(0);

        await AppendLargeAsync(_log, _notifier, SyncLimits.MaxFrameBytes);
        await AppendAsync(_log, _notifier, 1);

        Assert.Equal([2L], (await ReadUntilAsync(subscription, 2)).Select(f => f.Seq ?? 0));
        Assert.Equal(1, subscription.SkippedFrames);
    }

    [Fact]
    public async Task HundredSubscriptions_OpenedAndDisposed_LeaveNothingRegistered()
    {
        await AppendAsync(_log, _notifier, 10);
        var hub = Hub(_log, _notifier);

        for (var round = 0; round < 5; round++)
        {
            var subscriptions = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => hub.OpenAsync(i % 2 == 0 ? null : i % 10)));
            Assert.Equal(100, hub.ActiveCount);
            await Task.WhenAll(subscriptions.Select(s => s.DisposeAsync().AsTask()));
            Assert.Equal(0, hub.ActiveCount);
            Assert.All(subscriptions, s => Assert.True(s.Finished.IsCompleted));
        }
    }

    [Fact]
    public async Task ReadFailures_EndTheSubscriptionAsFailed_AfterTheConfiguredCount()
    {
        var log = new FailingEventLog(_log);
        var hub = new FirehoseHub(log, _notifier, new FirehoseOptions { MaxReadFailures = 3, PollInterval = TimeSpan.FromMilliseconds(10) });
        await using var subscription = await hub.OpenAsync(0);

        Assert.Null(await subscription.ReadAsync().AsTask().WaitAsync(Patience));

        Assert.Equal(FirehoseEnd.Failed, subscription.End);
        Assert.IsType<InvalidOperationException>(subscription.Failure);
        Assert.Equal(3, log.Reads);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("+1")]
    [InlineData("99999999999999999999")]
    public void Cursor_Malformed_IsInvalidRequest(string value)
    {
        var e = Assert.Throws<XrpcException>(() => FirehoseCursor.Parse([value]));

        Assert.Equal(400, e.Status);
        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
    }

    [Fact]
    public void Cursor_WellFormedOrAbsent_Parses()
    {
        Assert.Null(FirehoseCursor.Parse(null));
        Assert.Null(FirehoseCursor.Parse([]));
        Assert.Equal(0, FirehoseCursor.Parse(["0"]));
        Assert.Equal(42, FirehoseCursor.Parse(["42"]));
        Assert.Throws<XrpcException>(() => FirehoseCursor.Parse(["1", "2"]));
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
