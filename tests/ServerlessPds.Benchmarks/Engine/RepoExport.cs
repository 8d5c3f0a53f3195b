using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Repo;

namespace ServerlessPds.Benchmarks.Engine;

/// <summary>Two ways to export a repo as a CAR (commit, MST nodes, records; root the commit).</summary>
internal static class RepoExport
{
    /// <summary>Through the port: walk the MST from the head, one block read per node, then the records, 16 reads in flight.</summary>
    public static async Task<long> ThroughPortAsync(IRepoStore repos, Did did, Stream output)
    {
        var head = await repos.GetHeadAsync(did) ?? throw new InvalidOperationException("No repo.");
        var source = new PortSource(repos, did);
        return await WriteAsync(head, source, output, prefetchRecords: true);
    }

    /// <summary>Through <see cref="TableRepoStore.ScanBlocksAsync"/>: one scan of the partition's blocks, then the walk in memory.</summary>
    public static async Task<long> ThroughScanAsync(TableRepoStore repos, Did did, Stream output)
    {
        var head = await repos.GetHeadAsync(did) ?? throw new InvalidOperationException("No repo.");
        var blocks = new Dictionary<Cid, ReadOnlyMemory<byte>>();
        await foreach (var block in repos.ScanBlocksAsync(did))
        {
            blocks[block.Cid] = block.Bytes;
        }

        return await WriteAsync(head, new MapSource(blocks), output, prefetchRecords: false);
    }

    private static async Task<long> WriteAsync(RepoHead head, IBlockSource source, Stream output, bool prefetchRecords)
    {
        await using var car = await CarWriter.CreateAsync(output, [head.CommitCid]);
        await car.WriteBlockAsync(head.CommitCid, (await source.GetBlockAsync(head.CommitCid))!.Value);
        var tree = Mst.Load(source, head.DataCid);
        await foreach (var (cid, bytes) in tree.WalkBlocksAsync())
        {
            await car.WriteBlockAsync(cid, bytes);
        }

        var records = new List<Cid>();
        await foreach (var entry in tree.ListAsync())
        {
            records.Add(entry.Value);
        }

        var distinct = records.Distinct().ToList();
        var loaded = new ReadOnlyMemory<byte>[distinct.Count];
        if (prefetchRecords)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, distinct.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                loaded[i] = (await source.GetBlockAsync(distinct[i]))!.Value);
        }
        else
        {
            for (var i = 0; i < distinct.Count; i++)
            {
                loaded[i] = (await source.GetBlockAsync(distinct[i]))!.Value;
            }
        }

        for (var i = 0; i < distinct.Count; i++)
        {
            await car.WriteBlockAsync(distinct[i], loaded[i]);
        }

        await car.FlushAsync();
        return car.BytesWritten;
    }

    private sealed class PortSource(IRepoStore repos, Did did) : IBlockSource
    {
        public async ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) =>
            await repos.GetBlockAsync(did, cid, cancellationToken);
    }

    private sealed class MapSource(Dictionary<Cid, ReadOnlyMemory<byte>> blocks) : IBlockSource
    {
        public ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(blocks.TryGetValue(cid, out var b) ? b : (ReadOnlyMemory<byte>?)null);
    }
}
