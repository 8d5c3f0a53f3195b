using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Tests;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tables;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>The Azure event log beyond the port contract: group commit within an instance, and its partitions.</summary>
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

    [Fact]
    public async Task AppendAsync_EntryThatDoesNotFitWhatIsLeftOfAPartition_StartsTheNextOne()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var log = new TableEventLog(azurite.Connection, names) { EventsPerPartition = 3 };
        var did = TestIds.Did(1);

        var a = await log.AppendAsync(did, [new OutboxEntry(TestIds.Rev(1), [TestIds.Event("a1"), TestIds.Event("a2")])]);
        var b = await log.AppendAsync(did, [new OutboxEntry(TestIds.Rev(2), [TestIds.Event("b1"), TestIds.Event("b2")])]);
        var c = await log.AppendAsync(did, [new OutboxEntry(TestIds.Rev(3), [TestIds.Event("c1")])]);

        Assert.Equal([1L, 4, 6], new[] { a[0].FirstSeq, b[0].FirstSeq, c[0].FirstSeq });
        Assert.Equal([1L, 2, 4, 5, 6], (await log.ReadAsync(0, 10)).Select(e => e.Seq));
        Assert.Equal([4L, 5, 6], (await log.ReadAsync(2, 10)).Select(e => e.Seq));
        Assert.Equal([4L, 5, 6], (await log.ReadAsync(3, 10)).Select(e => e.Seq));
        Assert.Equal(6, await log.GetLatestSeqAsync());
        Assert.Equal([1L, 2, 4, 5, 6], (await new TableEventLog(azurite.Connection, names) { EventsPerPartition = 3 }.ReadAsync(0, 10)).Select(e => e.Seq));
        var table = azurite.Connection.GetTableClient(names.EventsTable);
        Assert.Equal(3, (await table.GetAsync(TableKeys.LogPartition(0), TableKeys.Counter))!.GetInt64("Seq"));
        Assert.Equal(["e:0000000000000000004", "e:0000000000000000005", "e:0000000000000000006"], await EventRowKeysAsync(table, 1));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(12)]
    public async Task AppendAsync_EntrySequencedInAnOlderPartition_IsSkippedAsADuplicate(int laterEvents)
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var log = new TableEventLog(azurite.Connection, names) { EventsPerPartition = 3 };
        await log.AppendAsync(TestIds.Did(9), [new OutboxEntry(TestIds.Rev(1), [TestIds.Event("w1"), TestIds.Event("w2")])]);
        var did = TestIds.Did(1);
        var entry = new OutboxEntry(TestIds.Rev(1), [TestIds.Event("x")]) { SeqFloor = await log.GetSeqFloorAsync() };
        Assert.Equal(2, entry.SeqFloor);
        Assert.Equal(3, (await log.AppendAsync(did, [entry]))[0].FirstSeq);
        for (var i = 0; i < laterEvents; i++)
        {
            await log.AppendAsync(TestIds.Did(9), [new OutboxEntry(TestIds.Rev(10 + i), [TestIds.Event($"later{i}")])]);
        }

        var next = new OutboxEntry(TestIds.Rev(2), [TestIds.Event("y")]) { SeqFloor = await log.GetSeqFloorAsync() };
        var cold = new TableEventLog(azurite.Connection, names) { EventsPerPartition = 3 };
        var again = await cold.AppendAsync(did, [entry, next]);
        var warm = await log.AppendAsync(did, [entry]);

        Assert.Equal(new AppendedEntry(entry.Rev, 3, 1, Duplicate: true), again[0]);
        Assert.Equal(new AppendedEntry(next.Rev, 4 + laterEvents, 1, Duplicate: false), again[1]);
        Assert.Equal(new AppendedEntry(entry.Rev, 3, 1, Duplicate: true), warm[0]);
        var events = await log.ReadAsync(0, 100);
        Assert.Single(events, e => e.Did == did && e.Rev == entry.Rev);
        Assert.Equal(4 + laterEvents, await cold.GetLatestSeqAsync());
    }

    [Fact]
    public async Task AppendAsync_TwoInstancesAcrossManyPartitions_OneLogWithEachEntryOnceInRevOrder()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        TableEventLog[] logs = [new(azurite.Connection, names) { EventsPerPartition = 4 }, new(azurite.Connection, names) { EventsPerPartition = 4 }];
        var entries = Enumerable.Range(0, 8).ToDictionary(d => d, d => Enumerable.Range(1, 12)
            .Select(r => new OutboxEntry(TestIds.Rev(r), [.. Enumerable.Range(0, 1 + ((d + r) % 2)).Select(k => TestIds.Event($"{d}.{r}.{k}"))]))
            .ToList());

        await Task.WhenAll(entries.Select(pair => Task.Run(async () =>
        {
            for (var r = 0; r < pair.Value.Count; r++)
            {
                // Each append also carries the previous entry, as a writer that has not seen it sequenced would.
                var log = logs[(pair.Key + r) % 2];
                await log.AppendAsync(TestIds.Did(pair.Key), [.. pair.Value.Skip(Math.Max(r - 1, 0)).Take(r == 0 ? 1 : 2)]);
            }
        })));

        var all = new List<LoggedEvent>();
        var reader = new TableEventLog(azurite.Connection, names) { EventsPerPartition = 4 };
        for (var page = await reader.ReadAsync(0, 7); page.Count > 0; page = await reader.ReadAsync(all[^1].Seq, 7))
        {
            all.AddRange(page);
        }

        Assert.Equal(8 * 12 * 3 / 2, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
        Assert.All(all.GroupBy(e => e.Did), g => Assert.Equal(g.Select(e => e.Rev).Order(), g.Select(e => e.Rev)));
        Assert.All(all.GroupBy(e => (e.Did, e.Rev)), g => Assert.Equal(g.Count(), g.Select(e => e.Seq).Distinct().Count()));
        Assert.Equal(all.Count, all.Select(e => (e.Did, e.Rev, Name: Convert.ToHexString(e.Event.Body.Span))).Distinct().Count());
        Assert.Equal(all[^1].Seq, await reader.GetLatestSeqAsync());
    }

    [Fact]
    public async Task DeleteBeforeAsync_AcrossPartitions_ReadersWithAStaleHorizonStartAtTheOldestKept()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var log = new TableEventLog(azurite.Connection, names) { EventsPerPartition = 3 };
        var reader = new TableEventLog(azurite.Connection, names) { EventsPerPartition = 3 };
        for (var i = 1; i <= 10; i++)
        {
            await log.AppendAsync(TestIds.Did(1), [new OutboxEntry(TestIds.Rev(i), [TestIds.Event($"{i}")])]);
        }

        Assert.Equal(10, (await reader.ReadAsync(0, 100)).Count);

        Assert.Equal(7, await log.DeleteBeforeAsync(8));

        Assert.Equal([8L, 9, 10], (await reader.ReadAsync(0, 100)).Select(e => e.Seq));
        Assert.Equal([8L, 9, 10], (await reader.ReadAsync(2, 100)).Select(e => e.Seq));
        Assert.Empty(await reader.ReadAsync(10, 100));
        var table = azurite.Connection.GetTableClient(names.EventsTable);
        Assert.Empty(await EventRowKeysAsync(table, 0));
        Assert.Empty(await EventRowKeysAsync(table, 1));
        Assert.Equal(["e:0000000000000000008", "e:0000000000000000009"], await EventRowKeysAsync(table, 2));
        Assert.Null(await table.GetAsync(TableKeys.LogPartition(0), TableKeys.Dedupe(TestIds.Did(1), TestIds.Rev(1))));
        Assert.Equal(11, (await log.AppendAsync(TestIds.Did(1), [new OutboxEntry(TestIds.Rev(11), [TestIds.Event("11")])]))[0].FirstSeq);
        Assert.Equal(0, await log.DeleteBeforeAsync(8));
    }

    [Fact]
    public async Task GetLatestSeqAsync_ColdInstanceAfterManyPartitions_FindsTheNewestFromTheHeadHint()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var log = new TableEventLog(azurite.Connection, names) { EventsPerPartition = 2 };
        for (var i = 1; i <= 40; i++)
        {
            await log.AppendAsync(TestIds.Did(1), [new OutboxEntry(TestIds.Rev(i), [TestIds.Event($"{i}")])]);
        }

        var requests = new KillSwitchPolicy();
        var cold = new TableEventLog(AzureRepoStorage.Connect(azurite, perCall: requests), names) { EventsPerPartition = 2 };

        Assert.Equal(40, await cold.GetLatestSeqAsync());
        Assert.InRange(requests.Requests, 2, 3);
        Assert.Equal(41, (await cold.AppendAsync(TestIds.Did(2), [new OutboxEntry(TestIds.Rev(1), [TestIds.Event("x")])]))[0].FirstSeq);
    }

    [Fact]
    public async Task AppendAsync_TableOfTheSinglePartitionLayout_ContinuesItsSeqsAndTreatsItsEventsAsExpired()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var table = azurite.Connection.GetTableClient(names.EventsTable);
        await table.InsertAsync(new TableEntity(TableKeys.LegacyLogPartition, TableKeys.Counter).Set("Seq", 2500L));
        var log = new TableEventLog(azurite.Connection, names);

        var appended = await log.AppendAsync(TestIds.Did(1), [new OutboxEntry(TestIds.Rev(1), [TestIds.Event("x")])]);

        Assert.Equal(3 * 1024 + 1, appended[0].FirstSeq);
        Assert.Equal([3L * 1024 + 1], (await new TableEventLog(azurite.Connection, names).ReadAsync(0, 10)).Select(e => e.Seq));
        Assert.Equal([3L * 1024 + 1], (await new TableEventLog(azurite.Connection, names).ReadAsync(100, 10)).Select(e => e.Seq));
        Assert.Equal(3 * 1024 + 1, await new TableEventLog(azurite.Connection, names).GetLatestSeqAsync());
    }

    private static async Task<List<string>> EventRowKeysAsync(TableClient table, long partition)
    {
        var keys = new List<string>();
        var filter = TableFilter.And(
            TableFilter.PartitionKeyEquals(TableKeys.LogPartition(partition)),
            TableFilter.Compare("RowKey", TableComparison.GreaterThanOrEqual, TableKeys.EventPrefix));
        await foreach (var page in table.QueryAsync(new TableQuery { Filter = filter }))
        {
            keys.AddRange(page.Entities.Select(e => e.RowKey).Where(k => k.StartsWith(TableKeys.EventPrefix, StringComparison.Ordinal)));
        }

        return keys;
    }

    private static int Batches(KillSwitchPolicy requests)
    {
        lock (requests.Log)
        {
            return requests.Log.Count(l => l.EndsWith("/$batch", StringComparison.Ordinal));
        }
    }
}
