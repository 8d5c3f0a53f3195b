using System.Collections.Concurrent;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>Azurite stopped and restarted under running writers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepoOutageTests
{
    [Fact]
    public async Task Writers_AzuriteStoppedAndRestartedMidRun_FailWith503WhileDownAndNothingIsCorrupted()
    {
        await using var server = await AzuriteServer.StartNewAsync(persistent: true);
        var options = new StorageClientOptions();
        options.MaxRetries = 2;
        options.Delay = TimeSpan.FromMilliseconds(20);
        options.NetworkTimeout = TimeSpan.FromSeconds(5);
        var connection = StorageConnection.FromConnectionString(server.ConnectionString, options);
        var names = await AzureRepoStorage.CreateAsync(connection);
        using var h = AzureRepoStorage.Harness(connection, names);
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var writers = new[] { h.NewWriter(), h.NewWriter() };
        var acks = new ConcurrentQueue<(RecordKey Rkey, Cid Cid)>();
        var errors = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var rkey = RecordKey.Parse($"3w{i}n{n}");
                try
                {
                    var result = await writers[i % 2].ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Create(EngineHarness.Posts, rkey, EngineHarness.Post($"{i}/{n}"))]);
                    acks.Enqueue((rkey, result.Results[0].Cid!.Value));
                }
                catch (Exception e)
                {
                    errors.Enqueue(e);
                    await Task.Delay(50);
                }
            }
        })));

        await WaitUntilAsync(() => acks.Count >= 10);
        await server.ShutdownAsync();
        var down = await Assert.ThrowsAsync<XrpcException>(() => h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, acks.First().Rkey));
        await WaitUntilAsync(() => errors.Count >= 8);
        var acknowledgedWhileDown = acks.Count;
        await server.StartAsync();
        await WaitUntilAsync(() => acks.Count >= acknowledgedWhileDown + 10);
        await stop.CancelAsync();
        await running;

        Assert.Equal(503, down.Status);
        Assert.Equal("ServiceUnavailable", down.Error.Value);
        Assert.True(StorageErrors.IsUnavailable(down.InnerException!), down.InnerException?.ToString());
        Assert.All(errors, e => Assert.Equal(503, Assert.IsType<XrpcException>(e).Status));
        await h.SweepUntilCleanAsync();
        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
        foreach (var (rkey, cid) in acks)
        {
            Assert.Equal(cid, await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Create(EngineHarness.Posts, rkey)));
        }

        Assert.True(chain.Count >= 1 + acks.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not come true within 60 seconds.");
            await Task.Delay(20);
        }
    }
}
