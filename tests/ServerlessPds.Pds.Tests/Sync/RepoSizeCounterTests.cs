using ServerlessPds.Pds.Sync;
using ServerlessPds.Pds.Tests.Repo;

namespace ServerlessPds.Pds.Tests.Sync;

public class RepoSizeCounterTests
{
    [Fact]
    public async Task CountAsync_AfterCreatesUpdatesAndDeletes_CountsWhatTheHeadReaches()
    {
        using var h = new EngineHarness();
        var history = await RepoExporterTests.WriteHistoryAsync(h, records: 70, updates: 12, deletes: 9);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var size = await new RepoSizeCounter(h.Repos).CountAsync(h.Did, head);

        Assert.Equal(61, size.Records);
        Assert.Equal(history.Live.Count, size.Records);
        Assert.Equal((await RepoExporterTests.ReachableAsync(h, head.CommitCid)).Count, size.Blocks);
        Assert.True(await h.Repos.ScanBlocksAsync(h.Did).CountAsync() > size.Blocks, "The store should hold blocks of earlier commits too.");
    }

    [Fact]
    public async Task CountAsync_SameRecordAtTwoPaths_TwoRecordsOneBlock()
    {
        using var h = new EngineHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var written = await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3aaaaaaaaaaa2", "same"), EngineHarness.Create("3aaaaaaaaaab2", "same")]);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var size = await new RepoSizeCounter(h.Repos).CountAsync(h.Did, head);

        Assert.Equal(written.Results[0].Cid, written.Results[1].Cid);
        Assert.Equal(2, size.Records);
        Assert.Equal((await RepoExporterTests.ReachableAsync(h, head.CommitCid)).Count, size.Blocks);
    }

    [Fact]
    public async Task CountAsync_EmptyRepo_TheCommitAndTheEmptyRoot()
    {
        using var h = new EngineHarness();
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var size = await new RepoSizeCounter(h.Repos).CountAsync(h.Did, head);

        Assert.Equal(new RepoSize(2, 0), size);
    }
}
