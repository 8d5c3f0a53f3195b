using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.Sync;

public sealed class SyncReaderTests
{
    [Fact]
    public async Task GetRecordProof_LiveRecord_ProvesItsCidFromTheSignedCommit()
    {
        using var h = new EngineHarness();
        var history = await RepoExporterTests.WriteHistoryAsync(h, records: 50, updates: 0, deletes: 0);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;
        var path = RepoPath.Create(EngineHarness.Posts, history.Live[17]);

        var (record, blocks) = await new SyncReader(h.Repos).GetRecordProofAsync(h.Did, head, path);

        Assert.Equal(await h.Repos.GetRecordCidAsync(h.Did, path), record);
        Assert.Equal(head.CommitCid, blocks[0].Cid);
        var store = new MemoryBlockStore(blocks.Select(b => (b.Cid, b.Bytes.ToArray())));
        var commit = Commit.Decode((await store.GetBlockAsync(head.CommitCid))!.Value.Span);
        Assert.True(commit.Verify(h.Key.PublicKey));
        Assert.Equal(record, await Mst.Load(store, commit.Data).GetAsync(path.Value));
        Assert.True(store.Contains(record!.Value));
        Assert.True(blocks.Count < 20);
    }

    [Fact]
    public async Task GetRecordProof_DeletedRecord_ProvesItsAbsence()
    {
        using var h = new EngineHarness();
        var history = await RepoExporterTests.WriteHistoryAsync(h, records: 50, updates: 0, deletes: 0);
        var path = RepoPath.Create(EngineHarness.Posts, history.Live[5]);
        await h.NewWriter().ApplyWritesAsync(h.Did, h.Key, [RepoWrite.Delete(EngineHarness.Posts, history.Live[5])]);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var (record, blocks) = await new SyncReader(h.Repos).GetRecordProofAsync(h.Did, head, path);

        Assert.Null(record);
        var store = new MemoryBlockStore(blocks.Select(b => (b.Cid, b.Bytes.ToArray())));
        Assert.Null(await Mst.Load(store, head.DataCid).GetAsync(path.Value));
    }

    [Fact]
    public async Task GetBlocks_StoredCids_ReturnsThemOnceInOrder()
    {
        using var h = new EngineHarness();
        await RepoExporterTests.WriteHistoryAsync(h, records: 3, updates: 0, deletes: 0);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;

        var blocks = await new SyncReader(h.Repos).GetBlocksAsync(h.Did, [head.DataCid, head.CommitCid, head.DataCid]);

        Assert.Equal([head.DataCid, head.CommitCid], blocks.Select(b => b.Cid));
        Assert.Equal((await h.Repos.GetBlockAsync(h.Did, head.CommitCid))!.Value.ToArray(), blocks[1].Bytes.ToArray());
    }

    [Fact]
    public async Task GetBlocks_OneMissing_ThrowsBlockNotFound()
    {
        using var h = new EngineHarness();
        await RepoExporterTests.WriteHistoryAsync(h, records: 1, updates: 0, deletes: 0);
        var head = (await h.Repos.GetHeadAsync(h.Did))!;
        var missing = DagCbor.EncodeBlock(DataValue.From("not stored")).Cid;

        var e = await Assert.ThrowsAsync<XrpcException>(() => new SyncReader(h.Repos).GetBlocksAsync(h.Did, [head.CommitCid, missing]));

        Assert.Equal((400, XrpcErrorName.BlockNotFound), (e.Status, e.Error));
        Assert.Contains(missing.ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBlocks_TooMany_ThrowsInvalidRequest()
    {
        var cids = Enumerable.Range(0, SyncReader.MaxBlocksPerRequest + 1).Select(i => DagCbor.EncodeBlock(DataValue.From(i)).Cid).ToList();

        var e = await Assert.ThrowsAsync<XrpcException>(() => new SyncReader(new MemoryRepoStore()).GetBlocksAsync(TestIds.Did(1), cids));

        Assert.Equal(XrpcErrorName.InvalidRequest, e.Error);
    }
}
