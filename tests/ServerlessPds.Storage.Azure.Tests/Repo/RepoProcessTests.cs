using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;
using Xunit.Abstractions;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>
/// Writers and sequencers in separate OS processes (ServerlessPds.StressWorker) on one Azurite, committing through each
/// repo write serialiser: <c>cas</c> (each process's own writer, the head's ETag compare-and-swap) and <c>entity</c> (the
/// Durable Entity per DID, whose Durable Task worker runs in every process on one task hub of the same storage).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepoProcessTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan WorkerTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The entity serialiser's task hub has one partition (and the entity runs take fewer writes per writer, as each
    /// write is a few queue and table round trips more than a compare-and-swap commit): whichever process leases it first runs the orchestrations and
    /// the entities for all of them (the others start orchestrations and poll their answers), which spares the seconds
    /// that the backend's rebalancing of leases between processes starting together takes.
    /// </summary>
    private static int? Partitions(string serializer) => serializer == "entity" ? 1 : null;

    /// <summary>How long the entity serialiser's dequeued control messages stay hidden when a worker exits holding them.</summary>
    private static int? Visibility(string serializer) => serializer == "entity" ? 10 : null;

    /// <summary>
    /// Starts workers 1 to 4: all at once for <c>cas</c>; for <c>entity</c>, worker 1 first, until it answered a write
    /// (it holds the task hub's partition and created the hub), then the others.
    /// </summary>
    private static async Task<List<StressWorkerProcess>> StartAsync(string serializer, Func<int, StressWorkerProcess> start)
    {
        var first = start(1);
        if (serializer == "entity")
        {
            await first.FirstLine.WaitAsync(TimeSpan.FromMinutes(1));
        }

        return [first, .. Enumerable.Range(2, 3).Select(start)];
    }

    [Theory]
    [InlineData("cas")]
    [InlineData("entity")]
    public async Task Workers_FourProcessesOfEightWritersOnOneDid_OneVerifiedHistoryWithEveryAcknowledgedWrite(string serializer)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);

        var (writers, ops) = serializer == "entity" ? (4, 2) : (8, 4);
        var workers = await StartAsync(serializer, w => StressWorkerProcess.Start(
            azurite.ConnectionString, names, [h.Did], h.Key, w, writers, ops, serializer: serializer, partitions: Partitions(serializer), visibilitySeconds: Visibility(serializer)));
        foreach (var worker in workers)
        {
            Assert.True(await worker.WaitAsync(WorkerTimeout) == 0, worker.Errors);
        }

        var lines = workers.SelectMany(w => w.Lines).ToList();
        output.WriteLine($"{serializer}: {lines.Count(l => l.Acknowledged)} of {lines.Count} writes acknowledged in {clock.Elapsed.TotalSeconds:F1} s{Errors(lines)}");
        Assert.Equal(4 * writers * ops, lines.Count);
        Assert.True(lines.Count(l => l.Acknowledged) >= lines.Count * 15 / 16, $"only {lines.Count(l => l.Acknowledged)} of {lines.Count} writes were acknowledged: {string.Join("; ", lines.Where(l => !l.Acknowledged).Select(l => l.Error).Distinct())}");
        await h.SweepUntilCleanAsync();
        await StressVerifier.VerifyAsync(h.Repos, h.Log, h.Did, h.Key.PublicKey, lines, exact: true);
    }

    [Theory]
    [InlineData("cas")]
    [InlineData("entity")]
    public async Task Workers_FourProcessesSequencingFourDidsThenAllRestarted_SeqStrictlyIncreasingAndEachCommitOnce(string serializer)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        var dids = Enumerable.Range(20, 4).Select(n => Did.Parse($"did:plc:stress{n:d4}aaaaaaaaaaaaaaaaa")).ToArray();
        foreach (var did in dids)
        {
            await h.NewWriter().CreateRepoAsync(did, h.Key);
        }

        var lines = new List<StressLine>();
        var latest = new List<long>();
        for (var round = 0; round < 2; round++)
        {
            var workers = await StartAsync(serializer, w => StressWorkerProcess.Start(
                azurite.ConnectionString, names, dids, h.Key, (10 * round) + w, writers: 4, ops: serializer == "entity" ? 2 : 4, serializer: serializer,
                partitions: Partitions(serializer), visibilitySeconds: Visibility(serializer)));
            foreach (var worker in workers)
            {
                Assert.True(await worker.WaitAsync(WorkerTimeout) == 0, worker.Errors);
            }

            lines.AddRange(workers.SelectMany(w => w.Lines));
            latest.Add(await h.Log.GetLatestSeqAsync());
            output.WriteLine($"{serializer} round {round}: {lines.Count(l => l.Acknowledged)} of {lines.Count} writes acknowledged, latest seq {latest[^1]}, {clock.Elapsed.TotalSeconds:F1} s{Errors(lines)}");
        }

        Assert.True(latest[1] > latest[0], $"seq did not move on after the restart: {latest[0]} then {latest[1]}");
        await h.SweepUntilCleanAsync();
        var events = await h.Log.ReadAsync(0, 100_000);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        foreach (var did in dids)
        {
            var mine = lines.Where(l => l.Path.Contains($"w{Array.IndexOf(dids, did)}n", StringComparison.Ordinal)).ToList();
            await StressVerifier.VerifyAsync(h.Repos, h.Log, did, h.Key.PublicKey, mine, exact: true);
        }

        Assert.Equal((dids.Length * 2) + lines.Count(l => l.Acknowledged), events.Count);
    }

    /// <summary>The calls' median and longest time, and the distinct errors (at most 5).</summary>
    private static string Errors(IReadOnlyList<StressLine> lines) =>
        $"; call time median {lines.Select(l => l.Milliseconds).Order().ElementAtOrDefault(lines.Count / 2)} ms, max {lines.Max(l => l.Milliseconds)} ms" +
        string.Concat(lines.Where(l => !l.Acknowledged).Select(l => l.Error).Distinct().Take(5).Select(e => $"; error: {e}"));
}
