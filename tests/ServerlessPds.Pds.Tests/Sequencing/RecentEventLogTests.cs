using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Tests.Storage;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Sequencing;

/// <summary>The whole event-log contract, run through the in-memory cache of recent events.</summary>
public sealed class RecentEventLogContractTests : MemoryEventLogTests
{
    internal override IEventLog NewLog() => new RecentEventLog(new MemoryEventLog());
}

public sealed class RecentEventLogTests
{
    [Fact]
    public async Task ReadAsync_EventsThisProcessAppended_ComeFromMemoryWithTheirSeqs()
    {
        var durable = new CountingLog(new MemoryEventLog());
        var log = new RecentEventLog(durable);
        var did = TestIds.Did();
        await log.AppendAsync(did, [new OutboxEntry(TestIds.Rev(1), [TestIds.Event("a"), TestIds.Event("b")])]);
        await log.AppendAsync(did, [new OutboxEntry(TestIds.Rev(2), [TestIds.Event("c")])]);

        var cached = await log.ReadAsync(1, 10);

        Assert.Equal(0, durable.Reads);
        var stored = await durable.ReadAsync(1, 10);
        Assert.Equal(stored.Select(e => (e.Seq, e.Did, e.Rev, e.Event.Type)), cached.Select(e => (e.Seq, e.Did, e.Rev, e.Event.Type)));
        Assert.Equal(stored.Select(e => e.Event.ToFrame(e.Seq)), cached.Select(e => e.Event.ToFrame(e.Seq)));
    }

    [Fact]
    public async Task ReadAsync_EventAnotherInstanceSequenced_IsNeverSkipped()
    {
        var durable = new MemoryEventLog();
        var log = new RecentEventLog(durable);
        var (a, b) = (TestIds.Did(1), TestIds.Did(2));
        await log.AppendAsync(a, [new OutboxEntry(TestIds.Rev(1), [TestIds.Event("a1")])]);
        await durable.AppendAsync(b, [new OutboxEntry(TestIds.Rev(1), [TestIds.Event("b1")])]);
        await log.AppendAsync(a, [new OutboxEntry(TestIds.Rev(2), [TestIds.Event("a2")])]);
        await log.AppendAsync(a, [new OutboxEntry(TestIds.Rev(3), [TestIds.Event("a3")])]);

        var delivered = new List<long>();
        for (long last = 0; ;)
        {
            var page = await log.ReadAsync(last, 10);
            if (page.Count == 0)
            {
                break;
            }
            delivered.AddRange(page.Select(e => e.Seq));
            last = page[^1].Seq;
        }

        Assert.Equal([1L, 2, 3, 4], delivered);
        Assert.Equal([2L, 3, 4], (await log.ReadAsync(1, 10)).Select(e => e.Seq));
    }

    [Fact]
    public async Task AppendAsync_BeyondTheCap_EvictsTheOldestAndReadsFallBackToStorage()
    {
        var log = new RecentEventLog(new MemoryEventLog());
        var did = TestIds.Did();
        for (var n = 1; n <= RecentEventLog.MaxEvents + 10; n++)
        {
            await log.AppendAsync(did, [new OutboxEntry(TestIds.Rev(n), [TestIds.Event($"e{n}")])]);
        }

        Assert.Equal(RecentEventLog.MaxEvents, log.CachedCount);
        Assert.Equal([2L, 3, 4], (await log.ReadAsync(1, 3)).Select(e => e.Seq));
        await log.DeleteBeforeAsync(RecentEventLog.MaxEvents);
        Assert.Equal(11, log.CachedCount);
    }

    private sealed class CountingLog(IEventLog inner) : IEventLog
    {
        public int Reads { get; private set; }

        public Task<IReadOnlyList<AppendedEntry>> AppendAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(did, entries, cancellationToken);

        public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default)
        {
            Reads++;
            return inner.ReadAsync(afterSeq, limit, cancellationToken);
        }

        public Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default) => inner.GetLatestSeqAsync(cancellationToken);

        public Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default) => inner.DeleteBeforeAsync(seq, cancellationToken);
    }
}
