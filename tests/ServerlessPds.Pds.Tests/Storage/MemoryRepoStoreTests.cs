using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Storage;

public class MemoryRepoStoreTests
{
    private static readonly Did Did = TestIds.Did();

    /// <summary>Creates an empty store; a derived class runs these tests on another implementation.</summary>
    internal virtual IRepoStore NewStore() => new MemoryRepoStore();

    [Fact]
    public async Task CommitAsync_NewRepo_WritesEverythingAtomically()
    {
        var store = NewStore();
        var batch = Batch(1, upserts: [(TestIds.Path("a.b.c", "k1"), "r1")]);

        var head = await store.CommitAsync(Did, null, batch);

        Assert.Equal(head, await store.GetHeadAsync(Did));
        Assert.Equal(TestIds.Rev(1), head.Rev);
        Assert.Equal(TestIds.Cid("r1"), await store.GetRecordCidAsync(Did, TestIds.Path("a.b.c", "k1")));
        Assert.NotNull(await store.GetBlockAsync(Did, TestIds.Cid("block1")));
        Assert.Equal([TestIds.Rev(1)], (await store.ListOutboxAsync(Did)).Select(o => o.Rev));
    }

    [Fact]
    public async Task CommitAsync_StaleOrMissingExpectation_ThrowsAndChangesNothing()
    {
        var store = NewStore();
        var first = await store.CommitAsync(Did, null, Batch(1));
        var second = await store.CommitAsync(Did, first, Batch(2, sequencedDeletes: [TestIds.Rev(1)]));

        await Assert.ThrowsAsync<RepoConcurrencyException>(() => store.CommitAsync(Did, first, Batch(3, upserts: [(TestIds.Path("a.b.c", "x"), "x")])));
        await Assert.ThrowsAsync<RepoConcurrencyException>(() => store.CommitAsync(Did, null, Batch(4)));

        Assert.Equal(second, await store.GetHeadAsync(Did));
        Assert.Null(await store.GetRecordCidAsync(Did, TestIds.Path("a.b.c", "x")));
        Assert.Null(await store.GetBlockAsync(Did, TestIds.Cid("block3")));
        Assert.Equal([TestIds.Rev(2)], (await store.ListOutboxAsync(Did)).Select(o => o.Rev));
    }

    [Fact]
    public async Task CommitAsync_ConcurrentWritersOnOneHead_ExactlyOneWins()
    {
        var store = NewStore();
        var head = await store.CommitAsync(Did, null, Batch(1));

        var outcomes = await Task.WhenAll(Enumerable.Range(2, 32).Select(n => Task.Run(async () =>
        {
            try
            {
                await store.CommitAsync(Did, head, Batch(n));
                return true;
            }
            catch (RepoConcurrencyException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, o => o);
        Assert.Equal(2, (await store.ListOutboxAsync(Did)).Count);
    }

    [Fact]
    public async Task ListRecordsAsync_OrdersPagesAndFiltersByCollection()
    {
        var store = NewStore();
        var rkeys = new[] { "3a", "3c", "3b", "3e", "3d" };
        await store.CommitAsync(Did, null, Batch(1, upserts: [.. rkeys.Select(k => (TestIds.Path("a.b.c", k), k)), (TestIds.Path("a.b.d", "3z"), "z")]));

        var descending = await ReadAll(store, reverse: false);
        var ascending = await ReadAll(store, reverse: true);

        Assert.Equal(["3e", "3d", "3c", "3b", "3a"], descending);
        Assert.Equal(["3a", "3b", "3c", "3d", "3e"], ascending);
        var page = await store.ListRecordsAsync(Did, Nsid.Parse("a.b.c"), null, 5, false);
        Assert.Null(page.Cursor);
        Assert.Empty((await store.ListRecordsAsync(TestIds.Did(9), Nsid.Parse("a.b.c"), null, 5, false)).Records);
    }

    [Fact]
    public async Task CommitAsync_IndexDeletesAndOutboxDeletes_Apply()
    {
        var store = NewStore();
        var path = TestIds.Path("a.b.c", "k");
        var head = await store.CommitAsync(Did, null, Batch(1, upserts: [(path, "v1")]));
        head = await store.CommitAsync(Did, head, Batch(2, upserts: [(path, "v2")]));
        Assert.Equal(TestIds.Cid("v2"), await store.GetRecordCidAsync(Did, path));

        await store.CommitAsync(Did, head, Batch(3, deletes: [path], sequencedDeletes: [TestIds.Rev(1)]));
        await store.DeleteOutboxAsync(Did, [TestIds.Rev(2), TestIds.Rev(99)]);

        Assert.Null(await store.GetRecordCidAsync(Did, path));
        Assert.Equal([TestIds.Rev(3)], (await store.ListOutboxAsync(Did)).Select(o => o.Rev));
    }

    private static async Task<List<string>> ReadAll(IRepoStore store, bool reverse)
    {
        var result = new List<string>();
        RecordKey? cursor = null;
        do
        {
            var page = await store.ListRecordsAsync(Did, Nsid.Parse("a.b.c"), cursor, 2, reverse);
            result.AddRange(page.Records.Select(r => r.Path.Rkey.Value));
            Assert.True(page.Records.Count <= 2);
            cursor = page.Cursor;
        }
        while (cursor is not null);
        return result;
    }

    [Fact]
    public async Task SetWriteStatusAsync_ChangesTheVersionSoCommitsPreparedBeforeFail()
    {
        var store = NewStore();
        var first = await store.CommitAsync(Did, null, Batch(1));
        Assert.Equal(AccountStatus.Active, first.WriteStatus);

        var closed = await store.SetWriteStatusAsync(Did, AccountStatus.Deactivated);

        Assert.NotNull(closed);
        Assert.Equal((AccountStatus.Deactivated, first.CommitCid), (closed.WriteStatus, closed.CommitCid));
        Assert.NotEqual(first.Version, closed.Version);
        Assert.Equal(closed, await store.GetHeadAsync(Did));
        await Assert.ThrowsAsync<RepoConcurrencyException>(() => store.CommitAsync(Did, first, Batch(2)));
        Assert.Equal(closed, await store.SetWriteStatusAsync(Did, AccountStatus.Deactivated));
        var taken = await store.SetWriteStatusAsync(Did, AccountStatus.Takendown);
        Assert.Equal(AccountStatus.Takendown, taken!.WriteStatus);
        var reopened = await store.SetWriteStatusAsync(Did, AccountStatus.Active);
        var second = await store.CommitAsync(Did, reopened, Batch(2, writeStatus: AccountStatus.Deactivated));
        Assert.Equal(AccountStatus.Deactivated, (await store.GetHeadAsync(Did))!.WriteStatus);
        Assert.Equal(second, await store.GetHeadAsync(Did));
        Assert.Null(await store.SetWriteStatusAsync(TestIds.Did(77), AccountStatus.Deactivated));
    }

    private static CommitBatch Batch(
        long n,
        IEnumerable<(RepoPath Path, string Record)>? upserts = null,
        IReadOnlyList<RepoPath>? deletes = null,
        IReadOnlyList<Tid>? sequencedDeletes = null,
        AccountStatus writeStatus = AccountStatus.Active) => new()
        {
            CommitCid = TestIds.Cid($"commit{n}"),
            Rev = TestIds.Rev(n),
            DataCid = TestIds.Cid($"data{n}"),
            Blocks = [new RepoBlock(TestIds.Cid($"block{n}"), new byte[] { (byte)n })],
            IndexUpserts = (upserts ?? []).Select(u => KeyValuePair.Create(u.Path, TestIds.Cid(u.Record))).ToList(),
            IndexDeletes = deletes ?? [],
            Outbox = new OutboxEntry(TestIds.Rev(n), [TestIds.Event($"e{n}")]),
            SequencedOutboxDeletes = sequencedDeletes ?? [],
            WriteStatus = writeStatus,
        };
}
