using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>
/// A write delivered again with the same id (a Durable Entity operation the runtime replays after a crash) is applied
/// once and answers the first commit; a refused one answers the same error again.
/// </summary>
public class RepoWriteOnceTests
{
    /// <summary>Creates the harness each test runs on; a derived class runs these tests on other storage.</summary>
    internal virtual EngineHarness NewHarness() => new();

    [Fact]
    public async Task ApplyAsync_SameRequestTwice_OneCommitAndTheFirstAnswerAgain()
    {
        using var h = NewHarness();
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var request = Request(h, [
            RepoWrite.Create(EngineHarness.Posts, null, EngineHarness.Post("tid rkey")),
            RepoWrite.Put(EngineHarness.Posts, RecordKey.Parse("3p"), EngineHarness.Post("put")),
        ]);

        var first = await request.ApplyAsync(h.NewWriter(), new OneAccountSigners(h.Did, h.Key), CancellationToken.None);
        var again = await request.ApplyAsync(h.NewWriter(), new OneAccountSigners(h.Did, h.Key), CancellationToken.None);
        var sameWriter = h.NewWriter();
        var third = await request.ApplyAsync(sameWriter, new OneAccountSigners(h.Did, h.Key), CancellationToken.None);
        var fourth = await request.ApplyAsync(sameWriter, new OneAccountSigners(h.Did, h.Key), CancellationToken.None);

        Assert.Null(first.Error);
        Assert.Equal("Create", first.Results![1][0]);
        foreach (var repeat in new[] { again, third, fourth })
        {
            Assert.Equal(first.CommitCid, repeat.CommitCid);
            Assert.Equal(first.Rev, repeat.Rev);
            Assert.Equal(first.Results!.Select(r => string.Join(' ', r)), repeat.Results!.Select(r => string.Join(' ', r)));
            Assert.True(repeat.Sequenced);
        }

        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        Assert.Equal(2, chain.Count);
        await h.SweepUntilCleanAsync();
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
    }

    [Fact]
    public async Task ApplyAsync_CrashBeforeOrAfterTheCommitWasStored_RedeliveryLeavesOneCommitAndAnswersIt()
    {
        using var h = NewHarness();
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var request = Request(h, [EngineHarness.Create("3a", "once"), EngineHarness.Create("3b", "once too")]);
        var counting = new FaultInjector();
        using (var dry = NewHarness())
        {
            await dry.NewWriter().CreateRepoAsync(dry.Did, dry.Key);
            await (request with { Did = dry.Did.Value }).ApplyAsync(
                dry.NewWriter(new FaultyRepoStore(dry.Repos, counting), new FaultyPendingDirectory(dry.Pending, counting), new FaultyEventLog(dry.Log, counting)),
                new OneAccountSigners(dry.Did, dry.Key), CancellationToken.None);
        }

        foreach (var afterCall in new[] { false, true })
        {
            var faults = new FaultInjector { CrashAtStep = counting.Calls.IndexOf("CommitAsync") + 1, AfterCall = afterCall };
            using var c = NewHarness();
            await c.NewWriter().CreateRepoAsync(c.Did, c.Key);
            var crashed = request with { Did = c.Did.Value };
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashed.ApplyAsync(
                c.NewWriter(new FaultyRepoStore(c.Repos, faults), new FaultyPendingDirectory(c.Pending, faults), new FaultyEventLog(c.Log, faults)),
                new OneAccountSigners(c.Did, c.Key), CancellationToken.None));
            var stored = await c.Repos.GetHeadAsync(c.Did);

            var redelivered = await crashed.ApplyAsync(c.NewWriter(), new OneAccountSigners(c.Did, c.Key), CancellationToken.None);

            var head = (await c.Repos.GetHeadAsync(c.Did))!;
            Assert.Equal(head.CommitCid.ToString(), redelivered.CommitCid);
            Assert.Equal(afterCall, stored!.CommitCid == head.CommitCid);
            Assert.True(redelivered.Sequenced);
            var chain = await RepoVerifier.VerifyRepoAsync(c.Repos, c.Did, c.Key.PublicKey);
            Assert.Equal(2, chain.Count);
            await c.SweepUntilCleanAsync();
            await RepoVerifier.VerifyLogAsync(c.Log, c.Did, chain, c.Key.PublicKey);
            Assert.Empty(await c.Repos.ListOutboxAsync(c.Did));
        }
    }

    [Fact]
    public async Task ApplyAsync_RefusedRequestTwice_TheSameErrorAsTheDirectPathBothTimes()
    {
        using var h = NewHarness();
        var created = await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "a")]);
        var writes = new[] { EngineHarness.Create("3a", "again"), EngineHarness.Create("3b", "b") };
        var direct = await Assert.ThrowsAsync<XrpcException>(() => h.NewWriter().ApplyWritesAsync(h.Did, h.Key, writes[..1]));
        var swapped = await Assert.ThrowsAsync<XrpcException>(() => h.NewWriter().ApplyWritesAsync(h.Did, h.Key, writes[1..], created.CommitCid));

        foreach (var (request, expected) in new[] { (Request(h, writes[..1]), direct), (Request(h, writes[1..], created.CommitCid.ToString()), swapped) })
        {
            for (var delivery = 0; delivery < 2; delivery++)
            {
                var outcome = await request.ApplyAsync(h.NewWriter(), new OneAccountSigners(h.Did, h.Key), CancellationToken.None);
                var raised = Assert.Throws<XrpcException>(() => outcome.ToResult());
                Assert.Equal((expected.Status, expected.Error, expected.Message), (raised.Status, raised.Error, raised.Message));
            }
        }

        Assert.Equal(2, (await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey)).Count);
    }

    [Fact]
    public async Task ApplyWritesOnceAsync_MoreIdsThanTheHeadKeeps_TheOldestIsForgottenAndTheNewestKept()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var first = await writer.ApplyWritesOnceAsync(h.Did, h.Key, "id0", [EngineHarness.Create("3k0", "0")]);
        for (var i = 1; i <= CommitReceipts.MaxReceipts; i++)
        {
            await writer.ApplyWritesOnceAsync(h.Did, h.Key, $"id{i}", [EngineHarness.Create($"3k{i}", $"{i}")]);
        }

        var big = Enumerable.Range(0, 200).Select(i => EngineHarness.Create($"3big{i:d3}", new string('x', 10))).ToArray();
        var bigResult = await writer.ApplyWritesOnceAsync(h.Did, h.Key, "big", big);

        Assert.True((await h.Repos.GetHeadAsync(h.Did))!.Receipts!.Length <= CommitReceipts.MaxChars);
        Assert.Equal(bigResult.CommitCid, (await writer.ApplyWritesOnceAsync(h.Did, h.Key, "big", big)).CommitCid);
        var forgotten = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesOnceAsync(h.Did, h.Key, "id0", [EngineHarness.Create("3k0", "0")]));
        Assert.Equal("InvalidRequest", forgotten.Error.Value);
        Assert.NotEqual(first.CommitCid, (await h.Repos.GetHeadAsync(h.Did))!.CommitCid);
        Assert.Equal(CommitReceipts.MaxReceipts + 3, (await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey)).Count);
    }

    private static RepoWriteRequest Request(EngineHarness h, IReadOnlyList<RepoWrite> writes, string? swapCommit = null) =>
        RepoWriteRequest.From(h.Did, writes, swapCommit is null ? null : Protocol.Data.Cid.Parse(swapCommit));
}
