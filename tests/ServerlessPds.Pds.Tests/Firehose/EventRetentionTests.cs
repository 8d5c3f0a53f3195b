using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Tests.TestSupport;
using static ServerlessPds.Pds.Tests.Firehose.FirehoseTestEvents;

namespace ServerlessPds.Pds.Tests.Firehose;

public sealed class EventRetentionTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly LocalEventNotifier _notifier = new();

    [Fact]
    public async Task RunOnce_DeletesExactlyTheEventsOlderThanTheWindow()
    {
        var log = new MemoryEventLog(_clock);
        await AppendAsync(log, _notifier, 450);
        _clock.Advance(TimeSpan.FromHours(71));
        await AppendAsync(log, _notifier, 30, 450);
        _clock.Advance(TimeSpan.FromHours(2));
        var retention = new EventRetention(log, new EventRetentionOptions { PageSize = 100 }, _clock);

        Assert.Equal(450, await retention.RunOnceAsync());
        Assert.Equal(0, await retention.RunOnceAsync());

        var kept = await log.ReadAsync(0, 1000);
        Assert.Equal(Enumerable.Range(451, 30).Select(s => (long)s), kept.Select(e => e.Seq));
        Assert.Equal(480, await log.GetLatestSeqAsync());
    }

    [Fact]
    public async Task RunOnce_DefaultWindowIs72Hours()
    {
        var log = new MemoryEventLog(_clock);
        await AppendAsync(log, _notifier, 5);
        var retention = new EventRetention(log, timeProvider: _clock);

        _clock.Advance(TimeSpan.FromHours(72) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await retention.RunOnceAsync());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(5, await retention.RunOnceAsync());
        Assert.Equal(TimeSpan.FromHours(72), retention.Options.Window);
    }

    [Fact]
    public async Task RunOnce_StopsAtTheFirstRecentEvent_EvenIfAnOlderStampFollows()
    {
        var log = new MemoryEventLog(_clock);
        await AppendAsync(log, _notifier, 3);
        _clock.Advance(TimeSpan.FromHours(80));
        await AppendAsync(log, _notifier, 1, 3);
        _clock.Advance(TimeSpan.FromHours(-80));
        await AppendAsync(log, _notifier, 2, 4);
        _clock.Advance(TimeSpan.FromHours(80));

        Assert.Equal(3, await new EventRetention(log, timeProvider: _clock).RunOnceAsync());
        Assert.Equal([4L, 5, 6], (await log.ReadAsync(0, 10)).Select(e => e.Seq));
    }

    [Fact]
    public async Task RunOnce_ManySweepersAtOnce_DeleteEachExpiredEventOnceAndNothingElse()
    {
        var log = new MemoryEventLog(_clock);
        await AppendAsync(log, _notifier, 1000);
        _clock.Advance(TimeSpan.FromHours(73));
        await AppendAsync(log, _notifier, 10, 1000);
        var options = new EventRetentionOptions { PageSize = 50 };

        var deleted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => new EventRetention(log, options, _clock).RunOnceAsync())));

        Assert.Equal(1000, deleted.Sum());
        Assert.Equal(Enumerable.Range(1001, 10).Select(s => (long)s), (await log.ReadAsync(0, 100)).Select(e => e.Seq));
    }
}
