using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>
/// Crashes a writer (then a sweeper) at every port call, before or after storage applied it, restarts with clean
/// components, and checks the invariants: the repo verifies with all blocks present, every acknowledged write is
/// there, and the log carries each commit exactly once, in order.
/// </summary>
public class RepoCrashTests
{
    public static TheoryData<string, bool> Scenarios() => new()
    {
        { "create", false }, { "create", true },
        { "writes", false }, { "writes", true },
        { "big writes", false }, { "big writes", true },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Writer_CrashAtEveryStep_SweeperRecoversAndInvariantsHold(string scenario, bool afterCall)
    {
        var baseline = new FaultInjector();
        using (await RunWriterAsync(scenario, baseline))
        {
        }

        var steps = baseline.Steps;
        Assert.True(steps > 5, $"baseline took only {steps} steps");
        for (var step = 1; step <= steps; step++)
        {
            var faults = new FaultInjector { CrashAtStep = step, AfterCall = afterCall };
            using var h = await RunWriterAsync(scenario, faults);
            var why = $"{scenario}, crash {(afterCall ? "after" : "before")} step {step} ({faults.Calls[step - 1]})";
            await AssertRecoversAsync(h, why);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sweeper_CrashAtEveryStep_NextSweepFinishes(bool afterCall)
    {
        using var baseline = await UnsequencedRepoAsync();
        var steps = await CountSweeperStepsAsync(baseline);
        for (var step = 1; step <= steps; step++)
        {
            using var h = await UnsequencedRepoAsync();
            var faults = new FaultInjector { CrashAtStep = step, AfterCall = afterCall };
            h.Time.Advance(TimeSpan.FromHours(1));
            var sweeper = h.NewSweeper(new FaultyRepoStore(h.Repos, faults), new FaultyPendingDirectory(h.Pending, faults), new FaultyEventLog(h.Log, faults));
            try
            {
                await sweeper.RunOnceAsync();
            }
            catch (SimulatedCrashException)
            {
            }

            await AssertRecoversAsync(h, $"sweeper crash {(afterCall ? "after" : "before")} step {step}");
        }
    }

    private static async Task<EngineHarness> RunWriterAsync(string scenario, FaultInjector faults)
    {
        var h = new EngineHarness();
        var setup = h.NewWriter();
        RepoWrite[] first = [EngineHarness.Create("3a0", "first"), EngineHarness.Create("3d1", "d"), EngineHarness.Create("3d2", "d"), EngineHarness.Create("3d3", "d")];
        if (scenario != "create")
        {
            await setup.CreateRepoAsync(h.Did, h.Key);
            await setup.ApplyWritesAsync(h.Did, h.Key, first);
        }

        var options = new RepoWriterOptions { MaxInlineBlocks = scenario == "big writes" ? 1 : 80 };
        var writer = h.NewWriter(new FaultyRepoStore(h.Repos, faults), new FaultyPendingDirectory(h.Pending, faults), new FaultyEventLog(h.Log, faults), options);
        try
        {
            if (scenario == "create")
            {
                await writer.CreateRepoAsync(h.Did, h.Key);
                await writer.ApplyWritesAsync(h.Did, h.Key, first);
            }

            for (var i = 1; i <= 3; i++)
            {
                var result = await writer.ApplyWritesAsync(h.Did, h.Key, [
                    EngineHarness.Create($"3a{i}", $"post {i}"),
                    RepoWrite.Update(EngineHarness.Posts, RecordKey.Parse("3a0"), EngineHarness.Post($"edit {i}")),
                    RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse($"3d{i}")),
                ]);
                h.Acknowledged.Add((RecordKey.Parse($"3a{i}"), result.Results[0].Cid!.Value));
            }
        }
        catch (SimulatedCrashException)
        {
        }

        return h;
    }

    private static async Task AssertRecoversAsync(EngineHarness h, string why)
    {
        try
        {
            await h.SweepUntilCleanAsync();
            if (await h.Repos.GetHeadAsync(h.Did) is not null)
            {
                var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
                await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
            }
            else
            {
                Assert.Equal(0, await h.Log.GetLatestSeqAsync());
                await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
            }

            foreach (var (rkey, cid) in h.Acknowledged)
            {
                Assert.Equal(cid, await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Create(EngineHarness.Posts, rkey)));
            }

            await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3z", "after recovery")]);
            await h.SweepUntilCleanAsync();
            var final = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
            await RepoVerifier.VerifyLogAsync(h.Log, h.Did, final, h.Key.PublicKey);
            Assert.Empty(await h.Repos.ListOutboxAsync(h.Did));
            Assert.Empty(await h.Pending.ListAsync(10));
        }
        catch (Exception e) when (e is not SimulatedCrashException)
        {
            throw new InvalidOperationException($"Invariant broken after {why}: {e.Message}", e);
        }
    }

    private static async Task<EngineHarness> UnsequencedRepoAsync()
    {
        var h = new EngineHarness();
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        for (var i = 1; i <= 3; i++)
        {
            var logDown = new FaultInjector { CrashAtStep = 1 };
            var result = await h.NewWriter(log: new FaultyEventLog(h.Log, logDown)).ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create($"3b{i}", "x")]);
            Assert.False(result.Sequenced);
        }

        Assert.Equal(4, (await h.Repos.ListOutboxAsync(h.Did)).Count);
        return h;
    }

    private static async Task<int> CountSweeperStepsAsync(EngineHarness h)
    {
        var faults = new FaultInjector();
        h.Time.Advance(TimeSpan.FromHours(1));
        var result = await h.NewSweeper(new FaultyRepoStore(h.Repos, faults), new FaultyPendingDirectory(h.Pending, faults), new FaultyEventLog(h.Log, faults)).RunOnceAsync();
        Assert.Equal(4, result.EntriesDrained);
        Assert.Equal(1, result.MarkersCleared);
        return faults.Steps;
    }
}
