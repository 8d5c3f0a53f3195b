using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>The blocks of one repo as an <see cref="IBlockSource"/> for its <see cref="Mst"/>: the cache first, then the store.</summary>
internal sealed class RepoBlockSource(IRepoStore repos, Did did, BlockCache cache) : IBlockSource
{
    public async ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
    {
        if (cache.TryGet(cid, out var cached))
        {
            return cached;
        }

        var bytes = await repos.GetBlockAsync(did, cid, cancellationToken).ConfigureAwait(false);
        if (bytes is { } b)
        {
            cache.Add(cid, b);
        }

        return bytes;
    }
}
