using ServerlessPds.Durable;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Tests;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;
using ServerlessPds.Storage.Azure.Tests.Support;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>
/// The repo-engine invariants through each repo write serialiser on Azurite: <c>cas</c> (the writer called directly)
/// and <c>entity</c> (a Durable Entity per DID on the Durable Task Framework's Azure Storage backend): concurrent writers
/// give one linear history holding every acknowledged write, the firehose carries each commit exactly once in order,
/// and a refused write answers the same XRPC error through both.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RepoWriteSerializerTests(AzuriteFixture azurite)
{
    private static int _hubs;

    /// <summary>The serialisers: <c>entity-client</c> is the function app's (a Durable Task client starting the orchestration a worker elsewhere runs).</summary>
    public static TheoryData<string> Serializers() => ["cas", "entity", "entity-client"];

    [Theory]
    [MemberData(nameof(Serializers))]
    public async Task ConcurrentWriters_OneLinearHistoryWithEveryAcknowledgedWriteSequencedOnce(string serializer)
    {
        using var h = AzureRepoStorage.Harness(azurite.Connection);
        var writer = h.NewWriter(options: new RepoWriterOptions { MaxAttempts = 200 });
        await writer.CreateRepoAsync(h.Did, h.Key);
        await using var serial = Create(serializer, writer, h);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            var acknowledged = new List<(RecordKey Rkey, RepoCommitResult Result)>();
            for (var j = 0; j < 2; j++)
            {
                var rkey = RecordKey.Parse($"w{i}-{j}");
                acknowledged.Add((rkey, await serial.Value.ApplyWritesAsync(h.Did, [RepoWrite.Create(EngineHarness.Posts, rkey, EngineHarness.Post($"{i}/{j}"))])));
            }

            return acknowledged;
        })));

        var acks = results.SelectMany(r => r).ToList();
        Assert.Equal(32, acks.Count);
        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        Assert.Equal(1 + acks.Count, chain.Count);
        Assert.Equal(acks.Select(a => a.Result.CommitCid).Order(), chain.Skip(1).Select(c => c.Cid).Order());
        foreach (var (rkey, result) in acks)
        {
            Assert.Equal(result.Results[0].Cid, await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Create(EngineHarness.Posts, rkey)));
            Assert.Equal(result.Results[0].Uri, AtUri.Parse($"at://{h.Did}/{EngineHarness.Posts}/{rkey}"));
        }

        await h.SweepUntilCleanAsync();
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
    }

    /// <summary>
    /// Crash injection through the entity: the writer the entity holds crashes after its n-th storage call (for every
    /// n a write takes); a clean entity on the same storage then takes the next write, and the repo verifies, every
    /// acknowledged write is there, and the log carries each commit exactly once, in order.
    /// </summary>
    [Fact]
    public async Task EntityWriter_CrashAfterEveryStep_NextWriteRecoversAndInvariantsHold()
    {
        var baseline = new FaultInjector();
        using (var b = AzureRepoStorage.Harness(azurite.Connection))
        {
            await b.NewWriter().CreateRepoAsync(b.Did, b.Key);
            await using var serial = Create("entity", b.NewWriter(new FaultyRepoStore(b.Repos, baseline), new FaultyPendingDirectory(b.Pending, baseline), new FaultyEventLog(b.Log, baseline)), b);
            await serial.Value.ApplyWritesAsync(b.Did, [EngineHarness.Create("3a1", "one")]);
        }

        Assert.True(baseline.Steps > 3, $"baseline took only {baseline.Steps} steps");
        for (var step = 1; step <= baseline.Steps; step++)
        {
            using var h = AzureRepoStorage.Harness(azurite.Connection);
            await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
            var acked = await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a0", "zero")]);
            var faults = new FaultInjector { CrashAtStep = step, AfterCall = true };
            var acknowledged = new List<(string Rkey, Cid? Cid)> { ("3a0", acked.Results[0].Cid) };
            await using (var crashing = Create("entity", h.NewWriter(new FaultyRepoStore(h.Repos, faults), new FaultyPendingDirectory(h.Pending, faults), new FaultyEventLog(h.Log, faults)), h))
            {
                try
                {
                    // The runtime may redeliver the crashed operation; if it answers, the write must be there once.
                    var redelivered = await crashing.Value.ApplyWritesAsync(h.Did, [EngineHarness.Create("3a1", "one")]);
                    acknowledged.Add(("3a1", redelivered.Results[0].Cid));
                }
                catch (Exception e) when (e is XrpcException or SimulatedCrashException or InvalidOperationException)
                {
                }
            }

            await using var clean = Create("entity", h.NewWriter(), h);
            var after = await clean.Value.ApplyWritesAsync(h.Did, [EngineHarness.Create("3a2", "two")]);
            await h.SweepUntilCleanAsync();
            var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
            await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
            acknowledged.Add(("3a2", after.Results[0].Cid));
            foreach (var (rkey, cid) in acknowledged)
            {
                Assert.Equal(cid, await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Create(EngineHarness.Posts, RecordKey.Parse(rkey))));
            }
            Assert.Equal(after.CommitCid, chain[^1].Cid);
            Assert.Empty(await h.Repos.ListOutboxAsync(h.Did));
        }
    }

    [Fact]
    public async Task RefusedWrites_AnswerTheSameErrorThroughBothSerialisers()
    {
        var answers = new Dictionary<string, List<string>>();
        foreach (var serializer in new[] { "cas", "entity", "entity-client" })
        {
            using var h = AzureRepoStorage.Harness(azurite.Connection);
            var writer = h.NewWriter();
            var first = await writer.CreateRepoAsync(h.Did, h.Key);
            await using var serial = Create(serializer, writer, h);
            await serial.Value.ApplyWritesAsync(h.Did, [EngineHarness.Create("3a", "a")]);
            var errors = new List<string>();
            async Task Refused(Func<Task> call)
            {
                var e = await Assert.ThrowsAsync<XrpcException>(call);
                errors.Add(System.Text.RegularExpressions.Regex.Replace(
                    $"{e.Status} {e.Error} {e.Message.Replace(h.Did.Value, "<did>", StringComparison.Ordinal)}", "bafy[a-z2-7]+", "<cid>"));
            }

            await Refused(() => serial.Value.ApplyWritesAsync(h.Did, [EngineHarness.Create("3a", "again")]));
            await Refused(() => serial.Value.ApplyWritesAsync(h.Did, [EngineHarness.Create("3b", "b")], swapCommit: first.CommitCid));
            await Refused(() => serial.Value.ApplyWritesAsync(h.Did, [RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3zz"))]));
            await Refused(() => serial.Value.ApplyWritesAsync(TestIds.Did(77), [EngineHarness.Create("3c", "c")]));
            answers[serializer] = errors;
        }

        Assert.Equal(answers["cas"], answers["entity"]);
        Assert.Equal(answers["cas"], answers["entity-client"]);
        Assert.Contains(answers["cas"], a => a.StartsWith("400 InvalidSwap", StringComparison.Ordinal));
    }

    private Serial Create(string serializer, RepoWriter writer, EngineHarness h)
    {
        var signers = new OneAccountSigners(h.Did, h.Key);
        if (serializer == "cas")
        {
            return new Serial(new DirectRepoWriteSerializer(writer, signers));
        }

        var hub = $"pdstest{Interlocked.Increment(ref _hubs)}x{Environment.ProcessId % 10_000}";
        var worker = new DurableTaskRepoWriteSerializer(DurableTaskRepoWriteSerializer.Settings(azurite.ConnectionString, hub), writer, signers);
        if (serializer == "entity")
        {
            return new Serial(worker);
        }

        // The worker (as the Functions extension would) starts on its first call: one for an account that does not exist.
        Assert.ThrowsAsync<XrpcException>(() => worker.ApplyWritesAsync(TestIds.Did(78), [EngineHarness.Create("3w", "w")])).GetAwaiter().GetResult();
        var client = TaskHubDurableClient.Create(DurableTaskRepoWriteSerializer.Settings(azurite.ConnectionString, hub));
        return new Serial(new DurableClientRepoWriteSerializer(() => client), worker);
    }

    private sealed class Serial(IRepoWriteSerializer value, IAsyncDisposable? worker = null) : IAsyncDisposable
    {
        public IRepoWriteSerializer Value => value;

        public async ValueTask DisposeAsync()
        {
            if (value is IAsyncDisposable d)
            {
                await d.DisposeAsync();
            }

            if (worker is not null)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
