using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// The blocks this process committed to each repo since that repo's last getRepo snapshot, kept in memory so that a
/// whole-repo export can be built from the snapshot plus these blocks without a partition scan (docs/architecture.md,
/// "Sync reads"). Fed by <see cref="RecentBlocksRepoStore"/> after each stored commit; trimmed when a snapshot of a
/// newer or equal rev is completed.
/// </summary>
/// <remarks>
/// A cache, never a source of truth: blocks are content-addressed, so any block here is a correct block of the repo,
/// and an export only writes the blocks reachable from the head. What it lacks (commits made by another instance, a
/// repo evicted for size, a restart) the exporter reads from storage. Bounded: a repo whose blocks pass
/// <see cref="MaxRepoBytes"/> is dropped and collected afresh from its next commit; when all repos together pass
/// <see cref="MaxTotalBytes"/>, everything is dropped. Thread-safe.
/// </remarks>
/// <param name="maxRepoBytes">The most block bytes kept for one repo; <see cref="MaxRepoBytes"/> by default.</param>
/// <param name="maxTotalBytes">The most block bytes kept for all repos; <see cref="MaxTotalBytes"/> by default.</param>
public sealed class RecentRepoBlocks(long maxRepoBytes = RecentRepoBlocks.MaxRepoBytes, long maxTotalBytes = RecentRepoBlocks.MaxTotalBytes)
{
    /// <summary>The most block bytes kept for one repo (64 MiB, the largest snapshot an export is built from).</summary>
    public const long MaxRepoBytes = RepoExporter.MaxSnapshotBytes;

    /// <summary>The most block bytes kept for all repos together (256 MiB).</summary>
    public const long MaxTotalBytes = 256L * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<Did, Repo> _repos = [];
    private long _totalBytes;

    /// <summary>Gets the block bytes held for all repos.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _totalBytes;
            }
        }
    }

    /// <summary>Records the blocks of a commit that storage accepted.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="rev">The commit's rev.</param>
    /// <param name="blocks">The blocks the commit wrote (its new MST nodes, records and the commit block).</param>
    public void Add(Did did, Tid rev, IEnumerable<RepoBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(blocks);
        lock (_lock)
        {
            if (!_repos.TryGetValue(did, out var repo))
            {
                _repos[did] = repo = new Repo();
            }

            foreach (var block in blocks)
            {
                if (repo.Blocks.TryAdd(block.Cid, (rev, block.Bytes)))
                {
                    repo.Bytes += block.Bytes.Length;
                    _totalBytes += block.Bytes.Length;
                }
                else if (repo.Blocks[block.Cid].Rev < rev)
                {
                    // Written again by a later commit (a record re-created, a node rebuilt): kept until a snapshot covers that commit.
                    repo.Blocks[block.Cid] = (rev, block.Bytes);
                }
            }

            if (repo.Bytes > maxRepoBytes)
            {
                Forget(did, repo);
            }

            if (_totalBytes > maxTotalBytes)
            {
                _repos.Clear();
                _totalBytes = 0;
            }
        }
    }

    /// <summary>Gets a copy of the blocks held for <paramref name="did"/> (empty when none).</summary>
    /// <param name="did">The repo.</param>
    /// <returns>The blocks by CID.</returns>
    public Dictionary<Cid, ReadOnlyMemory<byte>> Get(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        lock (_lock)
        {
            return _repos.TryGetValue(did, out var repo)
                ? repo.Blocks.ToDictionary(b => b.Key, b => b.Value.Bytes)
                : [];
        }
    }

    /// <summary>Gets the block bytes held for <paramref name="did"/>.</summary>
    /// <param name="did">The repo.</param>
    /// <returns>The bytes; 0 when none.</returns>
    public long BytesOf(Did did)
    {
        lock (_lock)
        {
            return _repos.TryGetValue(did, out var repo) ? repo.Bytes : 0;
        }
    }

    /// <summary>Drops the blocks of commits up to <paramref name="rev"/>: a snapshot of that rev now holds what they added.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="rev">The rev of the completed snapshot.</param>
    public void TrimTo(Did did, Tid rev)
    {
        ArgumentNullException.ThrowIfNull(did);
        lock (_lock)
        {
            if (!_repos.TryGetValue(did, out var repo))
            {
                return;
            }

            foreach (var (cid, (blockRev, bytes)) in repo.Blocks.Where(b => b.Value.Rev <= rev).ToList())
            {
                repo.Blocks.Remove(cid);
                repo.Bytes -= bytes.Length;
                _totalBytes -= bytes.Length;
            }

            if (repo.Blocks.Count == 0)
            {
                _repos.Remove(did);
            }
        }
    }

    /// <summary>Drops everything held for <paramref name="did"/> (e.g. the account was deleted).</summary>
    /// <param name="did">The repo.</param>
    public void Forget(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        lock (_lock)
        {
            if (_repos.TryGetValue(did, out var repo))
            {
                Forget(did, repo);
            }
        }
    }

    private void Forget(Did did, Repo repo)
    {
        _repos.Remove(did);
        _totalBytes -= repo.Bytes;
    }

    private sealed class Repo
    {
        public Dictionary<Cid, (Tid Rev, ReadOnlyMemory<byte> Bytes)> Blocks { get; } = [];

        public long Bytes { get; set; }
    }
}
