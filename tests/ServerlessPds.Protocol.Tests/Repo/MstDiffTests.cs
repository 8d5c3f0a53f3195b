using System.Collections.Concurrent;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Protocol.Tests.Repo;

public class MstDiffTests
{
    [Fact]
    public async Task ComputeAsync_RandomCommits_MatchModelAndReadNoSharedSubtree()
    {
        var random = new Random(21);
        for (var round = 0; round < 300; round++)
        {
            var (before, after, changes) = await MstTestKeys.RandomCommit(random, random.Next(0, 300), random.Next(1, 12));
            var store = await MstTestKeys.StoreOf(before, after);
            var counting = new CountingSource(store);
            var loadedBefore = Mst.Load(counting, await before.GetRootCidAsync());
            var loadedAfter = Mst.Load(counting, await after.GetRootCidAsync());

            var diff = await MstDiff.ComputeAsync(loadedBefore, loadedAfter);

            Assert.Equal(changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(Describe), diff.Changes.Select(Describe));
            var beforeNodes = await NodeCids(before);
            var afterNodes = await NodeCids(after);
            Assert.Equal(afterNodes.Except(beforeNodes).ToHashSet(), diff.NewBlocks.Select(b => b.Cid).ToHashSet());
            Assert.Equal(beforeNodes.Except(afterNodes).ToHashSet(), diff.RemovedCids.ToHashSet());
            Assert.All(diff.NewBlocks, b => Assert.True(b.Cid.Matches(b.Bytes)));
            var shared = beforeNodes.Intersect(afterNodes).ToHashSet();
            shared.Remove(await before.GetRootCidAsync());
            shared.Remove(await after.GetRootCidAsync());
            Assert.DoesNotContain(counting.Reads.Keys, shared.Contains);
        }
    }

    [Fact]
    public async Task ComputeAsync_NoBefore_CreatesEveryKeyAndEveryNode()
    {
        var fixture = MstFixture.Read("deep-300");
        var tree = Mst.Build(null, fixture.Entries);

        var diff = await MstDiff.ComputeAsync(null, tree);

        Assert.Equal(fixture.Entries.Select(e => (e.Key, (Cid?)e.Value)), diff.Creates.Select(c => (c.Key, c.Cid)));
        Assert.Equal(fixture.NodeCount, diff.NewBlocks.Count);
        Assert.Empty(diff.RemovedCids);
        Assert.Equal(diff.Creates, diff.Changes);
    }

    [Fact]
    public async Task ComputeAsync_SameRoot_IsEmptyWithoutReads()
    {
        var fixture = MstFixture.Read("random-1000");
        var counting = new CountingSource(await MstTestKeys.StoreOf(Mst.Build(null, fixture.Entries)));

        var diff = await MstDiff.ComputeAsync(Mst.Load(counting, fixture.Root), Mst.Load(counting, fixture.Root));

        Assert.Empty(diff.Changes);
        Assert.Empty(diff.NewBlocks);
        Assert.Empty(counting.Reads);
    }

    private static string Describe(MstChange c) => $"{c.Kind} {c.Key} {c.Prev} {c.Cid}";

    private static async Task<HashSet<Cid>> NodeCids(Mst tree) => (await tree.WalkBlocksAsync().Select(b => b.Cid).ToListAsync()).ToHashSet();

    /// <summary>A block source that records every block read.</summary>
    internal sealed class CountingSource(IBlockSource inner) : IBlockSource
    {
        public ConcurrentDictionary<Cid, int> Reads { get; } = new();

        public ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
        {
            Reads.AddOrUpdate(cid, 1, (_, n) => n + 1);
            return inner.GetBlockAsync(cid, cancellationToken);
        }
    }
}
