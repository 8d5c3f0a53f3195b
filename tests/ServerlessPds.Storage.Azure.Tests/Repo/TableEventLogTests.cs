using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The Azure event log beyond the port contract: group commit within an instance.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableEventLogTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AppendAsync_ConcurrentCallersOnOneInstance_ShareCounterTransactions()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var requests = new KillSwitchPolicy();
        var log = new TableEventLog(AzureRepoStorage.Connect(azurite, perCall: requests), names);
        await log.AppendAsync(TestIds.Did(99), [new OutboxEntry(TestIds.Rev(1), [TestIds.Event("warm")])]);
        var before = Batches(requests);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(d => Task.Run(() =>
            log.AppendAsync(TestIds.Did(d), [new OutboxEntry(TestIds.Rev(1), [TestIds.Event($"{d}")])]))));

        Assert.InRange(Batches(requests) - before, 1, 16);
        Assert.Equal(Enumerable.Range(2, 32).Select(i => (long)i), results.Select(r => r[0].FirstSeq).Order());
        Assert.All(results, r => Assert.False(r[0].Duplicate));
        Assert.Equal(33, await log.GetLatestSeqAsync());
    }

    [Fact]
    public async Task AppendAsync_SameEntryFromTwoCallersAtOnce_SequencedOnceInRevOrder()
    {
        var log = new TableEventLog(azurite.Connection, await AzureRepoStorage.CreateAsync(azurite.Connection));
        var did = TestIds.Did(1);
        var e1 = new OutboxEntry(TestIds.Rev(1), [TestIds.Event("a"), TestIds.Event("b")]);
        var e2 = new OutboxEntry(TestIds.Rev(2), [TestIds.Event("c")]);

        var both = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => log.AppendAsync(did, i % 2 == 0 ? [e1] : [e1, e2]))));

        var events = await log.ReadAsync(0, 100);
        Assert.Equal([1L, 2, 3], events.Select(e => e.Seq));
        Assert.Equal([TestIds.Rev(1), TestIds.Rev(1), TestIds.Rev(2)], events.Select(e => e.Rev));
        Assert.All(both.SelectMany(r => r).Where(a => a.Rev == TestIds.Rev(1)), a => Assert.Equal(1, a.FirstSeq));
        Assert.Single(both.SelectMany(r => r), a => a.Rev == TestIds.Rev(1) && !a.Duplicate);
    }

    private static int Batches(KillSwitchPolicy requests)
    {
        lock (requests.Log)
        {
            return requests.Log.Count(l => l.EndsWith("/$batch", StringComparison.Ordinal));
        }
    }
}
