using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// The small <c>com.atproto.sync.*</c> block reads: a record with its MST proof (<c>getRecord</c>) and blocks by CID
/// (<c>getBlocks</c>). Results are block lists the host writes as a CAR; they are small enough to hold in memory.
/// </summary>
/// <remarks>Spec: atproto.com/specs/sync; atproto.com/specs/repository ("CAR File Serialization"). Thread-safe.</remarks>
/// <param name="repos">The repo store.</param>
public sealed class SyncReader(IRepoStore repos)
{
    /// <summary>The most CIDs one <see cref="GetBlocksAsync"/> call may ask for.</summary>
    public const int MaxBlocksPerRequest = 1000;

    private const int MaxParallelReads = 8;
    private const long ProofCacheBytes = 4L * 1024 * 1024;

    /// <summary>
    /// Reads the proof of one record path at <paramref name="head"/>: the signed commit, the MST nodes from the root down
    /// the path (and the edges of the neighbouring subtrees when the key is present), and the record block when there is
    /// a record. Without a record the same blocks prove that the path is absent.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <param name="head">The head whose commit is the proof's root.</param>
    /// <param name="path">The record path <c>collection/rkey</c>.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The record's CID (or <see langword="null"/> when absent) and the blocks, commit first, each once.</returns>
    /// <exception cref="InvalidOperationException">A block on the path is missing (a corrupt repo).</exception>
    /// <remarks>Lexicon com.atproto.sync.getRecord. Like the reference PDS, an absent record is answered with its proof of
    /// non-existence, not an error.</remarks>
    public async Task<(Cid? Record, IReadOnlyList<RepoBlock> Blocks)> GetRecordProofAsync(Did did, RepoHead head, RepoPath path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(path);
        var blocks = new List<RepoBlock> { new(head.CommitCid, await RequireAsync(did, head.CommitCid, cancellationToken).ConfigureAwait(false)) };
        try
        {
            var tree = Mst.Load(new RepoBlockSource(repos, did, new BlockCache(ProofCacheBytes)), head.DataCid);
            var proof = await tree.GetCoveringProofAsync(path.Value, cancellationToken).ConfigureAwait(false);
            blocks.AddRange(proof.Select(b => new RepoBlock(b.Cid, b.Bytes)));
            var record = await tree.GetAsync(path.Value, cancellationToken).ConfigureAwait(false);
            if (record is { } cid)
            {
                blocks.Add(new RepoBlock(cid, await RequireAsync(did, cid, cancellationToken).ConfigureAwait(false)));
            }

            return (record, blocks.DistinctBy(b => b.Cid).ToList());
        }
        catch (MissingBlockException e)
        {
            throw new InvalidOperationException($"The repo {did} is missing a block of its MST.", e);
        }
    }

    /// <summary>Reads blocks of a repo by CID, all or nothing.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cids">1 to <see cref="MaxBlocksPerRequest"/> CIDs; duplicates are read once.</param>
    /// <param name="cancellationToken">A token that cancels the reads.</param>
    /// <returns>The blocks, in the order of the first occurrence of each CID.</returns>
    /// <exception cref="XrpcException">400 <c>BlockNotFound</c> when the repo holds one of the blocks not; 400
    /// <c>InvalidRequest</c> when more than <see cref="MaxBlocksPerRequest"/> CIDs are asked for.</exception>
    /// <remarks>Lexicon com.atproto.sync.getBlocks. Blocks are content-addressed, so any block the repo's partition
    /// holds is served, also one that the current commit no longer reaches (blocks are not garbage-collected yet).</remarks>
    public async Task<IReadOnlyList<RepoBlock>> GetBlocksAsync(Did did, IReadOnlyList<Cid> cids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(cids);
        var distinct = cids.Distinct().ToList();
        if (distinct.Count > MaxBlocksPerRequest)
        {
            throw XrpcException.InvalidRequest($"At most {MaxBlocksPerRequest} CIDs may be asked for at once.");
        }

        var blocks = new RepoBlock[distinct.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var bytes = await repos.GetBlockAsync(did, distinct[i], ct).ConfigureAwait(false)
                    ?? throw XrpcException.BadRequest(XrpcErrorName.BlockNotFound, $"Could not find block: {distinct[i]}");
                blocks[i] = new RepoBlock(distinct[i], bytes);
            }).ConfigureAwait(false);
        return blocks;
    }

    private async Task<ReadOnlyMemory<byte>> RequireAsync(Did did, Cid cid, CancellationToken cancellationToken) =>
        await repos.GetBlockAsync(did, cid, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The repo {did} has no block {cid}, which its head points at.");
}
