using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>Writers and sequencers in separate OS processes (ServerlessPds.StressWorker) on one Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepoProcessTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan WorkerTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Workers_FourProcessesOfEightWritersOnOneDid_OneVerifiedHistoryWithEveryAcknowledgedWrite()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);

        var workers = Enumerable.Range(1, 4).Select(w => StressWorkerProcess.Start(azurite.ConnectionString, names, [h.Did], h.Key, w, writers: 8, ops: 4)).ToList();
        foreach (var worker in workers)
        {
            Assert.True(await worker.WaitAsync(WorkerTimeout) == 0, worker.Errors);
        }

        var lines = workers.SelectMany(w => w.Lines).ToList();
        Assert.Equal(4 * 8 * 4, lines.Count);
        Assert.True(lines.Count(l => l.Acknowledged) >= 120, $"only {lines.Count(l => l.Acknowledged)} of 128 writes were acknowledged: {string.Join("; ", lines.Where(l => !l.Acknowledged).Select(l => l.Error).Distinct())}");
        await h.SweepUntilCleanAsync();
        await StressVerifier.VerifyAsync(h.Repos, h.Log, h.Did, h.Key.PublicKey, lines, exact: true);
    }

    [Fact]
    public async Task Workers_FourProcessesSequencingFourDidsThenAllRestarted_SeqStrictlyIncreasingAndEachCommitOnce()
    {
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
            var workers = Enumerable.Range(1, 4).Select(w => StressWorkerProcess.Start(azurite.ConnectionString, names, dids, h.Key, (10 * round) + w, writers: 4, ops: 4)).ToList();
            foreach (var worker in workers)
            {
                Assert.True(await worker.WaitAsync(WorkerTimeout) == 0, worker.Errors);
            }

            lines.AddRange(workers.SelectMany(w => w.Lines));
            latest.Add(await h.Log.GetLatestSeqAsync());
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
}
