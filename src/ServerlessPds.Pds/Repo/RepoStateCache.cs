using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// Per-process cache of <see cref="RepoSnapshot"/>s. A cold read takes the head first and lists the outbox after it,
/// so the listing holds every entry up to that head that is not yet sequenced; a commit conditional on that head then
/// proves nobody wrote in between. A stale entry costs one failed commit and a re-read.
/// </summary>
internal sealed class RepoStateCache(IRepoStore repos, int maxRepos)
{
    private readonly ConcurrentDictionary<Did, RepoSnapshot> _snapshots = new();

    public async Task<RepoSnapshot?> GetAsync(Did did, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && _snapshots.TryGetValue(did, out var cached))
        {
            return cached with { Fresh = false };
        }

        var head = await repos.GetHeadAsync(did, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            _snapshots.TryRemove(did, out _);
            return null;
        }

        var outbox = await repos.ListOutboxAsync(did, cancellationToken).ConfigureAwait(false);
        var snapshot = new RepoSnapshot(head, outbox, new HashSet<Tid>(), Fresh: true);
        Set(did, snapshot);
        return snapshot;
    }

    public void Set(Did did, RepoSnapshot snapshot)
    {
        if (_snapshots.Count >= maxRepos && !_snapshots.ContainsKey(did))
        {
            _snapshots.Clear();
        }

        _snapshots[did] = snapshot;
    }

    /// <summary>Records that <paramref name="revs"/> are sequenced, if the cache still holds the head <paramref name="version"/>.</summary>
    public void MarkSequenced(Did did, string version, IEnumerable<Tid> revs)
    {
        if (_snapshots.TryGetValue(did, out var current) && current.Head.Version == version)
        {
            var sequenced = new HashSet<Tid>(current.SequencedRevs);
            sequenced.UnionWith(revs);
            _snapshots.TryUpdate(did, current with { SequencedRevs = sequenced }, current);
        }
    }

    public void Invalidate(Did did) => _snapshots.TryRemove(did, out _);
}
