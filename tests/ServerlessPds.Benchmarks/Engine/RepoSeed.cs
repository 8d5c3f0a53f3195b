using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Benchmarks.Engine;

/// <summary>
/// Grows a repo fast for the export figures: adds records to its MST in memory and stores the new blocks and one signed
/// commit through <see cref="IRepoStore"/> (no record index rows and no firehose event: an export reads neither).
/// </summary>
internal static class RepoSeed
{
    public static async Task AddRecordsAsync(IRepoStore repos, Did did, ISigner key, Nsid collection, IEnumerable<(string Rkey, DataMap Record)> records)
    {
        var head = await repos.GetHeadAsync(did) ?? throw new InvalidOperationException("No repo.");
        var tree = Mst.Load(new Source(repos, did), head.DataCid);
        var blocks = new List<RepoBlock>();
        foreach (var (rkey, record) in records)
        {
            var (bytes, cid) = DagCbor.EncodeBlock(record);
            blocks.Add(new RepoBlock(cid, bytes));
            tree = await tree.AddAsync(RepoPath.Create(collection, RecordKey.Parse(rkey)).Value, cid);
        }

        var data = await tree.GetRootCidAsync();
        var commit = await new UnsignedCommit(did, data, TidGenerator.Shared.Next(head.Rev), head.CommitCid).SignAsync(key);
        blocks.AddRange((await tree.GetNewBlocksAsync()).Select(b => new RepoBlock(b.Cid, b.Bytes)));
        blocks.Add(new RepoBlock(commit.Cid, commit.Encode()));
        await repos.PutBlocksAsync(did, blocks);
        await repos.CommitAsync(did, head, new CommitBatch { CommitCid = commit.Cid, Rev = commit.Rev, DataCid = data });
    }

    private sealed class Source(IRepoStore repos, Did did) : IBlockSource
    {
        public async ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) =>
            await repos.GetBlockAsync(did, cid, cancellationToken);
    }
}
