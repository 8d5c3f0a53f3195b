using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>Many writers and sequencers at once, in one process and in many (one <see cref="RepoWriter"/> per process).</summary>
public class RepoConcurrencyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(32)]
    public async Task ApplyWritesAsync_32ConcurrentWriters_OneLinearHistoryWithEveryAcknowledgedWrite(int processes)
    {
        using var h = new EngineHarness();
        var options = new RepoWriterOptions { MaxAttempts = 200, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(20) };
        var writers = Enumerable.Range(0, processes).Select(_ => h.NewWriter(options: options)).ToArray();
        await writers[0].CreateRepoAsync(h.Did, h.Key);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            var acknowledged = new List<(RecordKey Rkey, RepoCommitResult Result)>();
            for (var j = 0; j < 3; j++)
            {
                var rkey = RecordKey.Parse($"w{i}-{j}");
                try
                {
                    acknowledged.Add((rkey, await writers[i % processes].ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Create(EngineHarness.Posts, rkey, EngineHarness.Post($"{i}/{j}"))])));
                }
                catch (XrpcException e) when (e.Error == XrpcErrorName.NotEnoughResources)
                {
                }
            }

            return acknowledged;
        })));

        var acks = outcomes.SelectMany(o => o).ToList();
        Assert.True(acks.Count >= 90, $"only {acks.Count} of 96 writes succeeded");
        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        Assert.Equal(1 + acks.Count, chain.Count);
        Assert.Equal(acks.Select(a => a.Result.CommitCid).Order(), chain.Skip(1).Select(c => c.Cid).Order());
        foreach (var (rkey, result) in acks)
        {
            Assert.Equal(result.Results[0].Cid, await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Create(EngineHarness.Posts, rkey)));
        }

        await h.SweepUntilCleanAsync();
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
    }

    [Fact]
    public async Task Sequencers_RacingOnOutboxesOfManyRepos_EachCommitOnceInOrder()
    {
        using var h = new EngineHarness();
        var dids = Enumerable.Range(10, 4).Select(TestIds.Did).ToArray();
        foreach (var did in dids)
        {
            await h.NewWriter().CreateRepoAsync(did, h.Key);
        }

        var racing = Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var sequencer = new Sequencer(h.Repos, h.Log, h.Notifier);
            for (var k = 0; k < 20; k++)
            {
                await sequencer.DrainAsync(dids[(i + k) % dids.Length]);
            }
        })));
        var writing = Task.WhenAll(dids.Select(did => Task.Run(async () =>
        {
            for (var k = 0; k < 6; k++)
            {
                var logDown = new FaultInjector { CrashAtStep = k % 2 == 0 ? 1 : 0 };
                await h.NewWriter(log: new FaultyEventLog(h.Log, logDown)).ApplyWritesAsync(did, h.Key, [EngineHarness.Create($"3k{k}", "x")]);
            }
        })));
        await Task.WhenAll(racing, writing);
        await h.SweepUntilCleanAsync();

        foreach (var did in dids)
        {
            var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, did, h.Key.PublicKey);
            Assert.Equal(7, chain.Count);
            await RepoVerifier.VerifyLogAsync(h.Log, did, chain, h.Key.PublicKey);
        }

        Assert.Equal(dids.Length * 8, await h.Log.GetLatestSeqAsync());
    }
}
