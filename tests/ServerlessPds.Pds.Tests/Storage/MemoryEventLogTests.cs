using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;

namespace ServerlessPds.Pds.Tests.Storage;

public class MemoryEventLogTests
{
    /// <summary>Creates an empty log; a derived class runs these tests on another implementation.</summary>
    internal virtual IEventLog NewLog() => new MemoryEventLog();

    [Fact]
    public async Task AppendAsync_NewAndDuplicateEntries_SequencesEachOnce()
    {
        var log = NewLog();
        var did = TestIds.Did();
        var e1 = new OutboxEntry(TestIds.Rev(1), [TestIds.Event("a"), TestIds.Event("b")]);
        var e2 = new OutboxEntry(TestIds.Rev(2), [TestIds.Event("c")]);

        var first = await log.AppendAsync(did, [e1]);
        var second = await log.AppendAsync(did, [e1, e2]);

        Assert.Equal(new AppendedEntry(TestIds.Rev(1), 1, 2, false), first[0]);
        Assert.Equal(new AppendedEntry(TestIds.Rev(1), 1, 2, true), second[0]);
        Assert.Equal(new AppendedEntry(TestIds.Rev(2), 3, 1, false), second[1]);
        var events = await log.ReadAsync(0, 10);
        Assert.Equal([1L, 2, 3], events.Select(e => e.Seq));
        Assert.Equal(["a", "b", "c"], events.Select(Name));
        Assert.Equal(3, await log.GetLatestSeqAsync());
    }

    [Fact]
    public async Task AppendAsync_UnorderedOrEmptyEntries_Throws()
    {
        var log = NewLog();
        var did = TestIds.Did();

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(did, [new OutboxEntry(TestIds.Rev(2), [TestIds.Event("x")]), new OutboxEntry(TestIds.Rev(1), [TestIds.Event("y")])]));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(did, [new OutboxEntry(TestIds.Rev(1), [])]));
        Assert.Equal(0, await log.GetLatestSeqAsync());
    }

    [Fact]
    public async Task AppendAsync_ConcurrentCallers_SeqsUniqueAndEachDidInRevOrder()
    {
        var log = NewLog();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(d => Task.Run(async () =>
        {
            for (var r = 1; r <= 20; r++)
            {
                var entries = Enumerable.Range(Math.Max(1, r - 2), Math.Min(3, r)).Select(x => new OutboxEntry(TestIds.Rev(x), [TestIds.Event($"{d}:{x}")])).ToList();
                await log.AppendAsync(TestIds.Did(d), entries);
            }
        })));

        var events = await log.ReadAsync(0, 10_000);
        Assert.Equal(Enumerable.Range(1, 16 * 20).Select(i => (long)i), events.Select(e => e.Seq));
        foreach (var group in events.GroupBy(e => e.Did))
        {
            Assert.Equal(Enumerable.Range(1, 20).Select(x => TestIds.Rev(x)), group.Select(e => e.Rev));
        }
    }

    [Fact]
    public async Task ReadAndDeleteBefore_PageAndKeepLatestSeq()
    {
        var log = NewLog();
        for (var r = 1; r <= 10; r++)
        {
            await log.AppendAsync(TestIds.Did(), [new OutboxEntry(TestIds.Rev(r), [TestIds.Event($"{r}")])]);
        }

        Assert.Equal([4L, 5, 6], (await log.ReadAsync(3, 3)).Select(e => e.Seq));
        Assert.Equal(5, await log.DeleteBeforeAsync(6));
        Assert.Equal([6L, 7], (await log.ReadAsync(0, 2)).Select(e => e.Seq));
        Assert.Equal(10, await log.GetLatestSeqAsync());
        Assert.Empty(await log.ReadAsync(10, 5));
    }

    private static string Name(LoggedEvent e) =>
        ((Protocol.Data.DataMap)Protocol.Data.DagCbor.Decode(e.Event.Body.Span)).GetString("name")!;
}
