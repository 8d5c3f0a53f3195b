using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Sync;

public class RepoExporterTests
{
    /// <summary>Creates the harness each test runs on; a derived class runs these tests on other storage.</summary>
    internal virtual EngineHarness NewHarness() => new();

    /// <summary>Gets the exporter's record budget; a derived class sets 0 to run every test through the second scan.</summary>
    internal virtual long HeldRecordBytes => RepoExporter.MaxHeldRecordBytes;

    [Fact]
    public async Task WriteTo_AfterCreatesUpdatesAndDeletes_HoldsExactlyTheBlocksReachableFromTheHead()
    {
        using var h = NewHarness();
        var history = await WriteHistoryAsync(h, records: 60, updates: 10, deletes: 10);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var car = await ExportAsync(h, head, since: null);

        Assert.Equal([head.CommitCid], car.Roots);
        Assert.Equal(head.CommitCid, car.Blocks[0].Cid);
        var expected = await ReachableAsync(h, head.CommitCid);
        Assert.Equal(expected.Order(), car.Blocks.Select(b => b.Cid).Order());
        Assert.Equal(car.Blocks.Count, car.Blocks.Select(b => b.Cid).Distinct().Count());
        Assert.DoesNotContain(car.Blocks, b => history.Gone.Contains(b.Cid));
        var stored = await h.Repos.ScanBlocksAsync(h.Did).CountAsync();
        Assert.True(stored > car.Blocks.Count, $"The store should hold unreachable blocks too ({stored} stored, {car.Blocks.Count} exported).");
    }

    [Fact]
    public async Task WriteTo_Since_HoldsTheBlocksTheRepoAtThatRevDidNotHave()
    {
        using var h = NewHarness();
        var history = await WriteHistoryAsync(h, records: 40, updates: 0, deletes: 0);
        var before = (await h.Repos.GetHeadAsync(h.Did))!;
        var writer = h.NewWriter();
        await writer.ApplyWritesAsync(h.Did, h.Key, [
            EngineHarness.Create("3zzzzzzzzzz22", "added later"),
            RepoWrite.Update(EngineHarness.Posts, history.Live[0], EngineHarness.Post("changed")),
            RepoWrite.Delete(EngineHarness.Posts, history.Live[1]),
        ]);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var car = await ExportAsync(h, head, before.Rev);

        var expected = (await ReachableAsync(h, head.CommitCid)).Except(await ReachableAsync(h, before.CommitCid));
        Assert.Equal(expected.Order(), car.Blocks.Select(b => b.Cid).Order());
        Assert.Contains(car.Blocks, b => b.Cid == head.CommitCid);
        Assert.InRange(car.Blocks.Count, 4, 20);
    }

    [Fact]
    public async Task WriteTo_SinceTheHeadRev_HoldsNoBlocks()
    {
        using var h = NewHarness();
        await WriteHistoryAsync(h, records: 3, updates: 0, deletes: 0);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var car = await ExportAsync(h, head, head.Rev);

        Assert.Equal([head.CommitCid], car.Roots);
        Assert.Empty(car.Blocks);
    }

    [Fact]
    public async Task WriteTo_SinceARevOlderThanTheRepo_HoldsTheWholeRepo()
    {
        using var h = NewHarness();
        await WriteHistoryAsync(h, records: 5, updates: 1, deletes: 1);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var car = await ExportAsync(h, head, Tid.Parse("2222222222222"));

        Assert.Equal((await ReachableAsync(h, head.CommitCid)).Order(), car.Blocks.Select(b => b.Cid).Order());
    }

    [Fact]
    public async Task Prepare_NewEmptyRepo_HoldsTheCommitAndTheEmptyRoot()
    {
        using var h = NewHarness();
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var car = await ExportAsync(h, head, since: null);

        Assert.Equal([head.CommitCid, head.DataCid], car.Blocks.Select(b => b.Cid));
    }

    /// <summary>Creates the repo, <paramref name="records"/> records in batches, then updates and deletes some.</summary>
    internal static async Task<(List<RecordKey> Live, HashSet<Cid> Gone)> WriteHistoryAsync(EngineHarness h, int records, int updates, int deletes)
    {
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var live = new List<(RecordKey Rkey, Cid Cid)>();
        for (var i = 0; i < records; i += 20)
        {
            var batch = Enumerable.Range(i, Math.Min(20, records - i))
                .Select(n => EngineHarness.Create($"3aaaaaaa{n:D5}", $"post {n}")).ToList();
            var result = await writer.ApplyWritesAsync(h.Did, h.Key, batch);
            live.AddRange(result.Results.Select(r => (r.Uri.Rkey!, r.Cid!.Value)));
        }

        var gone = new HashSet<Cid>();
        for (var i = 0; i < updates; i++)
        {
            var result = await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Update(EngineHarness.Posts, live[i].Rkey, EngineHarness.Post($"updated {i}"))]);
            gone.Add(live[i].Cid);
            live[i] = (live[i].Rkey, result.Results[0].Cid!.Value);
        }

        for (var i = 0; i < deletes; i++)
        {
            var victim = live[^1];
            await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Delete(EngineHarness.Posts, victim.Rkey)]);
            gone.Add(victim.Cid);
            live.RemoveAt(live.Count - 1);
        }

        return (live.Select(l => l.Rkey).ToList(), gone);
    }

    /// <summary>The CIDs of a commit, its MST nodes and its records, found by walking the tree through the store.</summary>
    internal static async Task<HashSet<Cid>> ReachableAsync(EngineHarness h, Cid commitCid)
    {
        var source = new StoreSource(h.Repos, h.Did);
        var commit = Commit.Decode((await h.Repos.GetBlockAsync(h.Did, commitCid))!.Value.Span);
        var tree = Mst.Load(source, commit.Data);
        var cids = new HashSet<Cid> { commitCid };
        await foreach (var (cid, _) in tree.WalkBlocksAsync())
        {
            cids.Add(cid);
        }

        await foreach (var entry in tree.ListAsync())
        {
            cids.Add(entry.Value);
        }

        return cids;
    }

    private async Task<CarContents> ExportAsync(EngineHarness h, RepoHead head, Tid? since)
    {
        await using var export = await new RepoExporter(h.Repos, HeldRecordBytes).PrepareAsync(h.Did, head, since);
        using var output = new MemoryStream();
        var written = await export.WriteToAsync(output);
        Assert.Equal(output.Length, written);
        var car = CarReader.ReadAll(output.ToArray());
        Assert.Equal(export.BlockCount, (int?)car.Blocks.Count);
        return car;
    }

    private sealed class StoreSource(IRepoStore repos, Did did) : IBlockSource
    {
        public async ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) =>
            await repos.GetBlockAsync(did, cid, cancellationToken);
    }
}

/// <summary>The export tests with no record budget: records always come from the second partition scan.</summary>
public sealed class RepoExporterSecondScanTests : RepoExporterTests
{
    internal override long HeldRecordBytes => 0;
}
