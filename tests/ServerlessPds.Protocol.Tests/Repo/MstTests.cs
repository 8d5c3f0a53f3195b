using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Protocol.Tests.Repo;

public class MstTests
{
    private static readonly Cid EmptyRoot = Cid.Parse("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm");

    [Fact]
    public async Task Create_EmptyTree_HasTheEmptyRootAndOneNewBlock()
    {
        var tree = Mst.Create(new MemoryBlockStore());

        Assert.Equal(EmptyRoot, await tree.GetRootCidAsync());
        Assert.Equal(EmptyRoot, await Mst.Build(null, []).GetRootCidAsync());
        Assert.True(await tree.IsEmptyAsync());
        Assert.Equal([EmptyRoot], (await tree.GetNewBlocksAsync()).Select(b => b.Cid));
        Assert.Empty(await tree.ListAsync().ToListAsync());
        Assert.Null(await tree.GetAsync("a/b"));
    }

    [Fact]
    public async Task DeleteAsync_EveryKeyInRandomOrder_ReturnsEmptyRoot()
    {
        var random = new Random(11);
        var pairs = MstTestKeys.WithValues(MstTestKeys.Make(random, 300));
        var tree = Mst.Build(null, pairs);
        var order = pairs.Select(p => p.Key).ToArray();
        random.Shuffle(order);

        foreach (var key in order)
        {
            tree = await tree.DeleteAsync(key);
        }

        Assert.Equal(EmptyRoot, await tree.GetRootCidAsync());
        Assert.True(await tree.IsEmptyAsync());
    }

    [Fact]
    public async Task AddAsync_RandomOrders_AllGiveTheBuildRoot()
    {
        var random = new Random(12);
        for (var round = 0; round < 20; round++)
        {
            var pairs = MstTestKeys.WithValues(MstTestKeys.Make(random, random.Next(1, 200))).ToArray();
            var expected = await Mst.Build(null, pairs).GetRootCidAsync();
            random.Shuffle(pairs);
            var tree = Mst.Create(new MemoryBlockStore());
            foreach (var (key, value) in pairs)
            {
                tree = await tree.AddAsync(key, value);
            }

            Assert.Equal(expected, await tree.GetRootCidAsync());
        }
    }

    [Fact]
    public async Task Edits_RandomSequenceOverStoredTree_MatchModel()
    {
        var random = new Random(13);
        var universe = MstTestKeys.Make(random, 400);
        var model = new SortedDictionary<string, Cid>(StringComparer.Ordinal);
        var tree = Mst.Create(new MemoryBlockStore());
        for (var step = 0; step < 1500; step++)
        {
            var key = universe[random.Next(universe.Count)];
            var value = MstFixture.ValueCid(step);
            if (model.ContainsKey(key) && random.Next(3) == 0)
            {
                tree = await tree.DeleteAsync(key);
                model.Remove(key);
            }
            else
            {
                tree = await tree.PutAsync(key, value);
                model[key] = value;
            }

            if (step % 250 == 249)
            {
                var store = await MstTestKeys.StoreOf(tree);
                tree = Mst.Load(store, await tree.GetRootCidAsync());
                Assert.Equal(await Mst.Build(null, model).GetRootCidAsync(), await tree.GetRootCidAsync());
                Assert.Equal(model.ToList(), await tree.ListAsync().ToListAsync());
            }
        }
    }

    [Fact]
    public async Task Edits_ConflictingOperations_Throw()
    {
        var tree = Mst.Build(null, MstFixture.Read("random-10").Entries);
        var present = "app.bsky.actor.profile/self";
        var value = MstFixture.ValueCid(7);

        await Assert.ThrowsAsync<InvalidOperationException>(() => tree.AddAsync(present, value).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => tree.UpdateAsync("app.bsky.actor.profile/other", value).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => tree.DeleteAsync("app.bsky.actor.profile/other").AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => tree.PutAsync("no-slash", value).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => tree.PutAsync("a/b", default).AsTask());
        Assert.Throws<ArgumentException>(() => Mst.Build(null, [KeyValuePair.Create("a/b", value), KeyValuePair.Create("a/b", value)]));
        Assert.Throws<ArgumentException>(() => Mst.Build(null, [KeyValuePair.Create("a b/c", value)]));
        Assert.Same(tree, await tree.PutAsync(present, (await tree.GetAsync(present))!.Value));
    }

    [Fact]
    public async Task ListAsync_AfterAndPrefix_MatchModel()
    {
        var random = new Random(14);
        var pairs = MstTestKeys.WithValues(MstTestKeys.Make(random, 500)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var tree = Mst.Load(await MstTestKeys.StoreOf(Mst.Build(null, pairs)), await Mst.Build(null, pairs).GetRootCidAsync());
        string?[] afters = [null, string.Empty, pairs[0].Key, pairs[137].Key, pairs[137].Key + "0", pairs[^1].Key, "zzz"];
        string?[] prefixes = [null, "app.bsky.feed.", "app.bsky.feed.like/", "app.bsky.feed.like/0", "com.example.x/", "nothing/"];

        foreach (var after in afters)
        {
            foreach (var prefix in prefixes)
            {
                var expected = pairs.Where(p => (after is null || string.CompareOrdinal(p.Key, after) > 0)
                    && (prefix is null || p.Key.StartsWith(prefix, StringComparison.Ordinal))).ToList();
                Assert.Equal(expected, await tree.ListAsync(after, prefix).ToListAsync());
            }
        }
    }

    [Fact]
    public async Task Load_SubtreeMissing_ThrowsOnlyWhenAPathNeedsIt()
    {
        var fixture = MstFixture.Read("random-1000");
        var built = Mst.Build(null, fixture.Entries);
        var store = await MstTestKeys.StoreOf(built);
        var last = fixture.Entries[^1];
        var proof = await built.GetCoveringProofAsync(last.Key);
        var missing = (await built.GetNewBlocksAsync()).Select(b => b.Cid).First(c => proof.All(p => p.Cid != c));
        store.Remove(missing);
        var tree = Mst.Load(store, fixture.Root);

        Assert.Equal(last.Value, await tree.GetAsync(last.Key));
        var thrown = await Assert.ThrowsAsync<MissingBlockException>(async () => await tree.ListAsync().CountAsync());
        Assert.Equal(missing, thrown.Cid);
        Assert.Equal(fixture.Root, await tree.GetRootCidAsync());
    }

    [Fact]
    public async Task GetNewBlocksAsync_AfterEditOfStoredTree_ReturnsOnlyChangedPath()
    {
        var fixture = MstFixture.Read("random-1000");
        var store = await MstTestKeys.StoreOf(Mst.Build(null, fixture.Entries));
        var tree = Mst.Load(store, fixture.Root);
        var key = fixture.Entries[500].Key;

        var edited = await tree.UpdateAsync(key, MstFixture.ValueCid(-1));
        var blocks = await edited.GetNewBlocksAsync();

        Assert.Equal(fixture.Root, await tree.GetRootCidAsync());
        Assert.Equal(await edited.GetRootCidAsync(), blocks[0].Cid);
        Assert.Equal((await edited.GetCoveringProofAsync(key)).Count(p => !store.Contains(p.Cid)), blocks.Count);
        Assert.All(blocks, b => Assert.False(store.Contains(b.Cid)));
        Assert.All(blocks, b => Assert.True(b.Cid.Matches(b.Bytes)));
    }

    [Fact]
    public async Task WalkBlocksAsync_BuiltAndLoaded_GiveTheSameSequence()
    {
        var fixture = MstFixture.Read("deep-300");
        var built = Mst.Build(null, fixture.Entries);
        var loaded = Mst.Load(await MstTestKeys.StoreOf(built), fixture.Root);

        var fromBuilt = await built.WalkBlocksAsync().Select(b => b.Cid).ToListAsync();
        var fromLoaded = await loaded.WalkBlocksAsync().Select(b => b.Cid).ToListAsync();

        Assert.Equal(fromBuilt, fromLoaded);
        Assert.Equal(fixture.NodeCount, fromBuilt.Distinct().Count());
        Assert.Equal((await built.GetNewBlocksAsync()).Select(b => b.Cid), fromBuilt);
    }
}
