using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Repo;

public class RepoWriterTests
{
    public static TheoryData<string> Algorithms() => ["k256", "p256"];

    /// <summary>Creates the harness each test runs on; a derived class runs these tests on other storage.</summary>
    internal virtual EngineHarness NewHarness(KeyAlgorithm? algorithm = null) => new(algorithm);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task CreateRepoAsync_NewDid_CommitsAndEmitsCommitThenSync(string algorithm)
    {
        using var h = NewHarness(KeyAlgorithm.All.Single(a => a.Name == algorithm));

        var result = await h.NewWriter().CreateRepoAsync(h.Did, h.Key);

        Assert.True(result.Sequenced);
        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        Assert.Equal(result.CommitCid, Assert.Single(chain).Cid);
        Assert.Null(chain[0].Prev);
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
        var events = await h.Log.ReadAsync(0, 10);
        Assert.Equal([CommitEvent.TypeName, SyncEvent.TypeName], events.Select(e => e.Event.Type));
        Assert.Equal(2, await h.Notifier.WaitAsync(0));
    }

    [Fact]
    public async Task CreateRepoAsync_Existing_ThrowsInvalidRequestAndChangesNothing()
    {
        using var h = NewHarness();
        await h.NewWriter().CreateRepoAsync(h.Did, h.Key);
        var head = await h.Repos.GetHeadAsync(h.Did);

        var e = await Assert.ThrowsAsync<XrpcException>(() => h.NewWriter().CreateRepoAsync(h.Did, h.Key));

        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
        Assert.Equal(head, await h.Repos.GetHeadAsync(h.Did));
        Assert.Equal(2, await h.Log.GetLatestSeqAsync());
    }

    [Fact]
    public async Task ApplyWritesAsync_CreateUpdateDelete_ReadsBackAndVerifies()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);

        var created = await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "one"), EngineHarness.Create("3b", "two"), RepoWrite.Create(EngineHarness.Posts, null, DataMap.Of(("text", DataValue.From("typed"))))]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Update(EngineHarness.Posts, RecordKey.Parse("3a"), EngineHarness.Post("uno")), RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3b"))]);

        Assert.Equal($"at://{h.Did}/app.bsky.feed.post/3a", created.Results[0].Uri.Value);
        var one = await h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, RecordKey.Parse("3a"));
        Assert.Equal("uno", ((DataMap)one!.Value).GetString("text"));
        Assert.Null(await h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, RecordKey.Parse("3b")));
        Assert.Null(await h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, RecordKey.Parse("3a"), created.Results[0].Cid));
        var generated = created.Results[2].Uri.Rkey!;
        Assert.True(Tid.IsValid(generated.Value));
        var typed = await h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, generated);
        Assert.Equal("app.bsky.feed.post", ((DataMap)typed!.Value).GetString("$type"));
        var list = await h.Reader.ListRecordsAsync(h.Did, EngineHarness.Posts, limit: 10);
        Assert.Equal([generated.Value, "3a"], list.Records.Select(r => r.Uri.Rkey!.Value));
        var chain = await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey);
        Assert.Equal(3, chain.Count);
        await RepoVerifier.VerifyLogAsync(h.Log, h.Did, chain, h.Key.PublicKey);
    }

    [Fact]
    public async Task ApplyWritesAsync_StaleSwapCommit_ThrowsInvalidSwapAndChangesNothing()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        var first = await writer.CreateRepoAsync(h.Did, h.Key);
        var second = await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "a")]);
        var head = await h.Repos.GetHeadAsync(h.Did);
        var seq = await h.Log.GetLatestSeqAsync();

        var e = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3b", "b")], swapCommit: first.CommitCid));
        var ok = await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3c", "c")], swapCommit: second.CommitCid);

        Assert.Equal(XrpcErrorName.InvalidSwap, e.Error);
        Assert.Equal(400, e.Status);
        Assert.Null(await h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, RecordKey.Parse("3b")));
        Assert.Equal(head!.CommitCid, (await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey))[^2].Cid);
        Assert.Equal(seq + 1, await h.Log.GetLatestSeqAsync());
        Assert.Equal(ok.CommitCid, (await h.Repos.GetHeadAsync(h.Did))!.CommitCid);
    }

    [Fact]
    public async Task ApplyWritesAsync_SwapRecord_ChecksCurrentRecord()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var created = await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "a")]);
        var cid = created.Results[0].Cid;

        var absent = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "x") with { Action = RepoWriteAction.Update, SwapRecord = RecordSwap.Absent }]));
        var wrong = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3a")) with { SwapRecord = new RecordSwap(TestIds.Cid("other")) }]));
        await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3a")) with { SwapRecord = new RecordSwap(cid) }]);
        await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "again") with { SwapRecord = RecordSwap.Absent }]);

        Assert.Equal(XrpcErrorName.InvalidSwap, absent.Error);
        Assert.Equal(XrpcErrorName.InvalidSwap, wrong.Error);
        Assert.Equal(4, (await RepoVerifier.VerifyRepoAsync(h.Repos, h.Did, h.Key.PublicKey)).Count);
    }

    public static TheoryData<string> BadWrites() =>
    [
        "create existing", "update missing", "delete missing", "same path twice", "record not a map", "wrong $type",
        "record too large", "too many writes", "delete without rkey", "commit too large",
    ];

    [Theory]
    [MemberData(nameof(BadWrites))]
    public async Task ApplyWritesAsync_BadWrite_ThrowsAndChangesNothing(string name)
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "a")]);
        var head = await h.Repos.GetHeadAsync(h.Did);
        var seq = await h.Log.GetLatestSeqAsync();
        static DataMap Big(char c) => DataMap.Of(("text", DataValue.From(new string(c, 600_000))));
        RepoWrite[] writes = name switch
        {
            "create existing" => [EngineHarness.Create("3a", "again")],
            "update missing" => [RepoWrite.Update(EngineHarness.Posts, RecordKey.Parse("3z"), EngineHarness.Post("z"))],
            "delete missing" => [RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3z"))],
            "same path twice" => [EngineHarness.Create("3b", "b"), RepoWrite.Delete(EngineHarness.Posts, RecordKey.Parse("3b"))],
            "record not a map" => [RepoWrite.Create(EngineHarness.Posts, null, DataValue.From("text"))],
            "wrong $type" => [RepoWrite.Create(EngineHarness.Posts, null, DataMap.Of(("$type", DataValue.From("app.bsky.feed.like"))))],
            "record too large" => [RepoWrite.Create(EngineHarness.Posts, null, DataMap.Of(("text", DataValue.From(new string('x', SyncLimits.MaxRecordBytes)))))],
            "too many writes" => [.. Enumerable.Range(0, SyncLimits.MaxOpsPerCommit + 1).Select(i => EngineHarness.Create($"k{i}", "x"))],
            "delete without rkey" => [new RepoWrite { Action = RepoWriteAction.Delete, Collection = EngineHarness.Posts }],
            "commit too large" => [.. "wxyz".Select(c => RepoWrite.Create(EngineHarness.Posts, null, Big(c)))],
            _ => throw new ArgumentException(name),
        };

        var e = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, writes));

        Assert.Equal(name == "commit too large" ? XrpcErrorName.PayloadTooLarge : XrpcErrorName.InvalidRequest, e.Error);
        Assert.Equal(head, await h.Repos.GetHeadAsync(h.Did));
        Assert.Equal(seq, await h.Log.GetLatestSeqAsync());
        Assert.DoesNotContain(await h.Repos.ListOutboxAsync(h.Did), x => x.Rev > head!.Rev);
    }

    [Fact]
    public async Task ApplyWritesAsync_LoggedEvents_BecomeFramesWithTheirSeq()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var write = await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "a"), EngineHarness.Create("3b", "b")]);

        var frames = (await h.Log.ReadAsync(0, 10)).Select(e => (e.Seq, Frame: FirehoseFrames.Decode(e.Event.ToFrame(e.Seq)))).ToList();

        Assert.Equal([1L, 2, 3], frames.Select(f => f.Frame.Seq!.Value));
        var commit = Assert.IsType<CommitEvent>(frames[2].Frame.Message);
        Assert.Equal(write.CommitCid, commit.Commit);
        Assert.Equal(write.Rev, commit.Rev);
        Assert.Equal(h.Did, commit.Repo);
        Assert.Equal(["app.bsky.feed.post/3a", "app.bsky.feed.post/3b"], commit.Ops.Select(o => o.Path.Value));
        Assert.All(commit.Ops, o => Assert.Equal(RepoOpAction.Create, o.Action));
        Assert.False(commit.TooBig || commit.Rebase);
        Assert.Empty(commit.Blobs);
    }

    [Fact]
    public async Task ApplyWritesAsync_Put_CreatesThenUpdates()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        var rkey = RecordKey.Parse("self");

        var first = await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Put(EngineHarness.Posts, rkey, EngineHarness.Post("v1"))]);
        var second = await writer.ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Put(EngineHarness.Posts, rkey, EngineHarness.Post("v2"))]);

        Assert.Equal(RepoWriteAction.Create, first.Results[0].Action);
        Assert.Equal(RepoWriteAction.Update, second.Results[0].Action);
        var ops = (await h.Log.ReadAsync(0, 10)).Where(e => e.Event.Type == CommitEvent.TypeName).Skip(1)
            .Select(e => ((CommitEvent)e.Event.ToMessage()!).Ops.Single()).ToList();
        Assert.Equal([RepoOpAction.Create, RepoOpAction.Update], ops.Select(o => o.Action));
        Assert.Equal(first.Results[0].Cid, ops[1].Prev);
        Assert.Equal(second.Results[0].Cid, (await h.Reader.GetRecordAsync(h.Did, EngineHarness.Posts, rkey))!.Cid);
    }

    [Fact]
    public async Task ApplyWritesAsync_NoRepo_ThrowsRepoNotFound()
    {
        using var h = NewHarness();

        var e = await Assert.ThrowsAsync<XrpcException>(() => h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3a", "a")]));

        Assert.Equal(XrpcErrorName.RepoNotFound, e.Error);
    }

    [Theory]
    [InlineData(AccountStatus.Deactivated, 401, "AccountDeactivated")]
    [InlineData(AccountStatus.Takendown, 401, "AccountTakedown")]
    [InlineData(AccountStatus.Deleted, 400, "RepoNotFound")]
    public async Task ApplyWritesAsync_GateClosedByAnotherInstance_RefusedAndNothingStored(AccountStatus status, int expectedStatus, string error)
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        var other = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key);
        await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3aaaaaaaaaaa2", "cached head")]);

        await other.SetWriteStatusAsync(h.Did, status);
        var closed = (await h.Repos.GetHeadAsync(h.Did))!;
        var e = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3aaaaaaaaaab2", "refused")]));

        Assert.Equal((expectedStatus, error), (e.Status, e.Error.Value));
        Assert.Equal(closed, await h.Repos.GetHeadAsync(h.Did));
        Assert.Null(await h.Repos.GetRecordCidAsync(h.Did, RepoPath.Parse("app.bsky.feed.post/3aaaaaaaaaab2")));

        await other.SetWriteStatusAsync(h.Did, AccountStatus.Active);
        var reopened = await writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3aaaaaaaaaab2", "accepted")]);
        Assert.Equal(reopened.CommitCid, (await h.Repos.GetHeadAsync(h.Did))!.CommitCid);
        Assert.Equal(AccountStatus.Active, (await h.Repos.GetHeadAsync(h.Did))!.WriteStatus);
    }

    [Fact]
    public async Task CreateRepoAsync_AccountMigratingIn_HeadClosedToWrites()
    {
        using var h = NewHarness();
        var writer = h.NewWriter();
        await writer.CreateRepoAsync(h.Did, h.Key, [], announce: false);

        var e = await Assert.ThrowsAsync<XrpcException>(() => writer.ApplyWritesAsync(h.Did, h.Key, [EngineHarness.Create("3aaaaaaaaaab2", "early")]));

        Assert.Equal(AccountStatus.Deactivated, (await h.Repos.GetHeadAsync(h.Did))!.WriteStatus);
        Assert.Equal((401, "AccountDeactivated"), (e.Status, e.Error.Value));
    }
}
