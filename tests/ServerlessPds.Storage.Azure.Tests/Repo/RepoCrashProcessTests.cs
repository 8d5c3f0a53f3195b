using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>
/// Kills a writer process (<c>Environment.FailFast</c>) at each step of the commit path while another process keeps
/// writing to the same repo; then the sweeper and a fresh writer run and every invariant is checked.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepoCrashProcessTests(AzuriteFixture azurite)
{
    public static TheoryData<string> Steps() => ["before-blocks", "after-blocks", "after-head", "after-event", "during-sequencing"];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Worker_KilledAtStep_RecoveryKeepsEveryAcknowledgedWriteAndLogsEachCommitOnce(string step)
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);

        var crashing = StressWorkerProcess.Start(
            azurite.ConnectionString, names, [h.Did], h.Key, worker: 1, writers: 8, ops: 4, crashAt: step, crashCount: 10, maxInlineBlocks: step == "after-blocks" ? 1 : null);
        var steady = StressWorkerProcess.Start(azurite.ConnectionString, names, [h.Did], h.Key, worker: 2, writers: 4, ops: 4);
        var crashExit = await crashing.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(await steady.WaitAsync(TimeSpan.FromMinutes(3)) == 0, steady.Errors);

        Assert.NotEqual(0, crashExit);
        Assert.Contains("simulated crash", crashing.Errors, StringComparison.Ordinal);
        Assert.True(crashing.Lines.Count(l => l.Acknowledged) >= 2, $"the crashing worker acknowledged only {crashing.Lines.Count(l => l.Acknowledged)} writes: {string.Join("; ", crashing.Lines.Select(l => l.Error).Distinct())} / {crashing.Errors}");
        await h.SweepUntilCleanAsync();
        var lines = crashing.Lines.Concat(steady.Lines).ToList();
        await StressVerifier.VerifyAsync(h.Repos, h.Log, h.Did, h.Key.PublicKey, lines, exact: false);

        var after = await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3after", "after recovery")]);
        await h.SweepUntilCleanAsync();
        var chain = await StressVerifier.VerifyAsync(h.Repos, h.Log, h.Did, h.Key.PublicKey, lines, exact: false);
        Assert.Equal(after.CommitCid, chain[^1].Cid);
        Assert.Empty(await h.Repos.ListOutboxAsync(h.Did));
        Assert.Empty(await h.Pending.ListAsync(10));
    }
}
