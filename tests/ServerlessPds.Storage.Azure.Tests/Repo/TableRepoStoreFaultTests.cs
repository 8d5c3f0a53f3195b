using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>Lost answers and crashes at every storage request of the commit path, on Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableRepoStoreFaultTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Writes_AnswersOfAppliedTransactionsLost_RetriesAreRecognisedAndNothingDoubles()
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var lose = new LoseAnswerPolicy(LoseAnswerPolicy.IsBatch, times: 6);
        var lossy = AzureRepoStorage.Connect(azurite, perRetry: lose);
        using var h = AzureRepoStorage.Harness(azurite.Connection, names);
        var writer = h.NewWriter(new TableRepoStore(lossy, names), new TablePendingDirectory(lossy, names), new TableEventLog(lossy, names));

        var created = await writer.CreateRepoAsync(h.Did, h.Key);
        var results = new List<RepoCommitResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create($"3a{i}", $"post {i}")]));
        }

        Assert.Equal(6, lose.Lost);
        Assert.True(created.Sequenced);
        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        Assert.Equal([created.CommitCid, .. results.Select(r => r.CommitCid)], chain.Select(c => c.Cid));
        await h.SweepUntilCleanAsync();
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
        Assert.Equal(5, await h.Log.GetLatestSeqAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Writer_CrashAtEveryStorageRequest_RecoveryKeepsEveryInvariant(bool afterSend)
    {
        var baseline = new KillSwitchPolicy();
        using (var clean = await RunWriterAsync(baseline))
        {
            Assert.Equal(3, clean.Acknowledged.Count);
        }

        Assert.InRange(baseline.Requests, 12, 100);

        for (var n = 1; n <= baseline.Requests; n++)
        {
            var kill = new KillSwitchPolicy { KillAt = n, AfterSend = afterSend };
            using var h = await RunWriterAsync(kill);
            var why = $"crash {(afterSend ? "after" : "before")} request {n} of {baseline.Requests} ({kill.Log[n - 1]})";
            try
            {
                await h.SweepUntilCleanAsync();
                var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
                await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
                foreach (var (rkey, cid) in h.Acknowledged)
                {
                    Assert.Equal(cid, await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Create(EngineHarness.Posts, rkey)));
                }

                await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3zz", "after recovery")]);
                await h.SweepUntilCleanAsync();
                var final = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
                await RepoVerifier.VerifyLogAsync(h.Log, h.Did, final, h.Key.PublicKey);
                Assert.Empty(await h.Repos.ListOutboxAsync(h.Did));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Invariant broken after {why}: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// On fresh tables: a repo with four records (written cleanly), then through <paramref name="kill"/> a writer that
    /// commits a small change, a 50-write commit (blocks first, index changes in chunks) and another small change.
    /// </summary>
    private async Task<EngineHarness> RunWriterAsync(KillSwitchPolicy kill)
    {
        var names = await AzureRepoStorage.CreateAsync(azurite.Connection);
        var h = AzureRepoStorage.Harness(azurite.Connection, names);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [.. Enumerable.Range(0, 4).Select(i => EngineHarness.Create($"3d{i}", "d"))]);
        var killable = AzureRepoStorage.Connect(azurite, perCall: kill);
        var writer = h.NewWriter(new TableRepoStore(killable, names), new TablePendingDirectory(killable, names, h.Time), new TableEventLog(killable, names, h.Time));
        RepoWrite[][] commits =
        [
            [EngineHarness.Create("3a1", "one"), RepoWrite.Update(EngineHarness.Posts, RecordKey.Parse("3d0"), EngineHarness.Post("edit")), RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3d1"))],
            [EngineHarness.Create("3a2", "two"), .. Enumerable.Range(0, 49).Select(i => EngineHarness.Create($"3m{i:D2}", "many"))],
            [EngineHarness.Create("3a3", "three"), RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3m00"))],
        ];
        try
        {
            foreach (var writes in commits)
            {
                var result = await writer.ApplyWritesAsync(h.Did, h.Key, writes);
                h.Acknowledged.Add((result.Results[0].Uri.Rkey!, result.Results[0].Cid!.Value));
            }
        }
        catch (SimulatedCrashException)
        {
        }

        return h;
    }
}
