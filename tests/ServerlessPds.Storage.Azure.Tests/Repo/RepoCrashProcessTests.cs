using System.Diagnostics;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;
using Xunit.Abstractions;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>
/// Kills a writer process (<c>Environment.FailFast</c>) at each step of the commit path while another process keeps
/// writing to the same repo; then the sweeper and a fresh writer run and every invariant is checked. Both repo write
/// serialisers: with <c>cas</c> each process commits its own writes; with <c>entity</c> the killed process hosts the
/// DID's Durable Entity (the task hub has one partition, leased by the process that starts first), so it crashes while
/// running the other process's writes too, and the live process takes the partition over and finishes the writes the
/// crash interrupted.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepoCrashProcessTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    public static TheoryData<string, string> Steps()
    {
        var data = new TheoryData<string, string>();
        foreach (var serializer in new[] { "cas", "entity" })
        {
            foreach (var step in new[] { "before-blocks", "after-blocks", "after-head", "after-event", "during-sequencing" })
            {
                data.Add(serializer, step);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Worker_KilledAtStep_RecoveryKeepsEveryAcknowledgedWriteAndLogsEachCommitOnce(string serializer, string step)
    {
        var clock = Stopwatch.StartNew();
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);

        var entity = serializer == "entity";
        var crashing = StressWorkerProcess.Start(
            azurite.ConnectionString, names, [h.Did], h.Key, worker: 1, writers: entity ? 4 : 8, ops: 4, crashAt: step, crashCount: 10, maxInlineBlocks: step == "after-blocks" ? 1 : null,
            serializer: serializer, partitions: entity ? 1 : null, visibilitySeconds: entity ? 10 : null);
        if (entity)
        {
            // The first answer means the crashing process holds the task hub's only partition, so it runs the entity.
            await crashing.FirstLine.WaitAsync(TimeSpan.FromMinutes(1));
        }

        var steady = StressWorkerProcess.Start(
            azurite.ConnectionString, names, [h.Did], h.Key, worker: 2, writers: entity ? 2 : 4, ops: 4, serializer: serializer, partitions: entity ? 1 : null,
            visibilitySeconds: entity ? 10 : null);
        var crashExit = await crashing.WaitAsync(TimeSpan.FromMinutes(3));
        var crashedAt = clock.Elapsed;
        Assert.True(await steady.WaitAsync(TimeSpan.FromMinutes(3)) == 0, steady.Errors);
        await ReportAsync(h, serializer, entity, step, crashExit, crashedAt, clock.Elapsed, crashing, steady);

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

    /// <summary>
    /// Writes to the test output how the crash point went with this serialiser: each process's writes that answered
    /// (acknowledged), that errored (refused, or outcome unknown), and the killed process's writes that never answered,
    /// with those of them that still landed in the history (after the sweep).
    /// </summary>
    private async Task ReportAsync(
        EngineHarness h, string serializer, bool entity, string step, int crashExit, TimeSpan crashedAt, TimeSpan done, StressWorkerProcess crashing, StressWorkerProcess steady)
    {
        static string Summary(IReadOnlyList<StressLine> lines) =>
            $"{lines.Count(l => l.Acknowledged)} answered, {lines.Count(l => !l.Acknowledged && !l.Unknown)} errored, {lines.Count(l => l.Unknown)} unknown" +
            string.Concat(lines.Where(l => !l.Acknowledged).Select(l => l.Error).Distinct().Take(3).Select(e => $"; error: {e}"));

        await h.SweepUntilCleanAsync();
        var landed = (await h.Log.ReadAsync(0, 100_000)).Where(e => e.Did == h.Did && e.Event.Type == CommitEvent.TypeName)
            .SelectMany(e => ((CommitEvent)e.Event.ToMessage()!).Ops).Select(op => $"{op.Action.ToString().ToLowerInvariant()} {op.Path.Value}").ToHashSet();
        var reported = crashing.Lines.Select(l => $"{l.Op} {l.Path}").ToHashSet();
        var unanswered = Enumerable.Range(0, entity ? 4 : 8).SelectMany(w => Enumerable.Range(0, 4).Select(j => (j % 4) switch
        {
            0 => $"create app.bsky.feed.post/p1w{w}n{j}",
            1 => $"update app.bsky.feed.post/p1w{w}n{j - 1}",
            2 => $"create app.bsky.feed.post/p1w{w}n{j}",
            _ => $"delete app.bsky.feed.post/p1w{w}n{j - 3}",
        })).Where(write => !reported.Contains(write)).ToList();
        output.WriteLine($"{serializer} crash at {step}: exit {crashExit} after {crashedAt.TotalSeconds:F1} s, all done after {done.TotalSeconds:F1} s");
        output.WriteLine($"  killed process: {Summary(crashing.Lines)}; never answered: {unanswered.Count}, of which in the history: {unanswered.Count(landed.Contains)}");
        output.WriteLine($"  live process: {Summary(steady.Lines)}");
    }
}
