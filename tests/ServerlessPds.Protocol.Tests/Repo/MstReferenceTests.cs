using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Protocol.Tests.Repo;

/// <summary>Our MST against the roots @atproto/repo computed for every file in <c>tests/fixtures/mst-reference</c>.</summary>
public class MstReferenceTests
{
    public static TheoryData<string> Fixtures() => new(MstFixture.Names());

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Build_Fixture_RootAndNodeCountMatch(string name)
    {
        var fixture = MstFixture.Read(name);

        var tree = Mst.Build(null, fixture.Entries.Reverse());

        Assert.Equal(fixture.Root, await tree.GetRootCidAsync());
        Assert.Equal(fixture.NodeCount, (await tree.GetNewBlocksAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task AddAsync_RandomOrder_GivesFixtureRoot(string name)
    {
        var fixture = MstFixture.Read(name);
        var shuffled = fixture.Entries.ToArray();
        new Random(name.Length * 7919).Shuffle(shuffled);

        var tree = Mst.Create(new MemoryBlockStore());
        foreach (var (key, value) in shuffled)
        {
            tree = await tree.AddAsync(key, value);
        }

        Assert.Equal(fixture.Root, await tree.GetRootCidAsync());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task DeleteAndUpdate_Fixture_MatchAfterRoots(string name)
    {
        var fixture = MstFixture.Read(name);
        var tree = Mst.Build(null, fixture.Entries);

        var deleted = tree;
        foreach (var key in fixture.Deleted)
        {
            deleted = await deleted.DeleteAsync(key);
        }

        var updated = tree;
        foreach (var (key, value) in fixture.Updated)
        {
            updated = await updated.UpdateAsync(key, value);
        }

        Assert.Equal(fixture.RootAfterDelete, await deleted.GetRootCidAsync());
        Assert.Equal(fixture.RootAfterUpdate, await updated.GetRootCidAsync());
        Assert.Equal(fixture.Root, await tree.GetRootCidAsync());
        var rebuilt = Mst.Build(null, fixture.Entries.Where(e => !fixture.Deleted.Contains(e.Key)));
        Assert.Equal(fixture.RootAfterDelete, await rebuilt.GetRootCidAsync());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Load_FromBlocks_ListsEntriesInOrderAndWalksEveryNode(string name)
    {
        var fixture = MstFixture.Read(name);
        var store = new MemoryBlockStore(await Mst.Build(null, fixture.Entries).GetNewBlocksAsync());

        var loaded = Mst.Load(store, fixture.Root);

        Assert.Equal(fixture.Entries, await loaded.ListAsync().ToListAsync());
        var walked = await loaded.WalkBlocksAsync().ToListAsync();
        Assert.Equal(fixture.NodeCount, walked.Count);
        Assert.Equal(fixture.Root, walked[0].Cid);
        Assert.All(walked, b => Assert.True(b.Cid.Matches(b.Bytes.Span)));
        Assert.Empty(await loaded.GetNewBlocksAsync());
        foreach (var (key, value) in fixture.Entries.Take(50))
        {
            Assert.Equal(value, await loaded.GetAsync(key));
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Diff_BeforeAndAfter_GivesExactlyTheChangedKeys(string name)
    {
        var fixture = MstFixture.Read(name);
        var store = new MemoryBlockStore(await Mst.Build(null, fixture.Entries).GetNewBlocksAsync());
        var before = Mst.Load(store, fixture.Root);
        var deleted = before;
        foreach (var key in fixture.Deleted)
        {
            deleted = await deleted.DeleteAsync(key);
        }

        var updated = before;
        foreach (var (key, value) in fixture.Updated)
        {
            updated = await updated.UpdateAsync(key, value);
        }

        var deletes = await MstDiff.ComputeAsync(before, deleted);
        var updates = await MstDiff.ComputeAsync(before, updated);

        var previous = fixture.Entries.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(fixture.Deleted.Order(StringComparer.Ordinal), deletes.Deletes.Select(c => c.Key));
        Assert.All(deletes.Deletes, c => Assert.Equal(previous[c.Key], c.Prev));
        Assert.Empty(deletes.Creates);
        Assert.Empty(deletes.Updates);
        Assert.Equal(fixture.Updated.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => (u.Key, (Cid?)u.Value)), updates.Updates.Select(c => (c.Key, c.Cid)));
        Assert.All(updates.Updates, c => Assert.Equal(previous[c.Key], c.Prev));
        Assert.Empty(updates.Creates);
        Assert.Empty(updates.Deletes);
        var beforeNodes = await NodeCids(before);
        var afterNodes = await NodeCids(deleted);
        Assert.Equal(afterNodes.Except(beforeNodes).ToHashSet(), deletes.NewBlocks.Select(b => b.Cid).ToHashSet());
        Assert.Equal(beforeNodes.Except(afterNodes).ToHashSet(), deletes.RemovedCids.ToHashSet());
        Assert.Subset((await deleted.GetNewBlocksAsync()).Select(b => b.Cid).ToHashSet(), deletes.NewBlocks.Select(b => b.Cid).ToHashSet());
    }

    private static async Task<HashSet<Cid>> NodeCids(Mst tree) =>
        (await tree.WalkBlocksAsync().ToListAsync()).Select(b => b.Cid).ToHashSet();
}
