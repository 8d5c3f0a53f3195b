using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// Counts what a repo holds at its head for com.atproto.server.checkAccountStatus: the blocks the head reaches and the
/// records in its MST. Blocks the store keeps from earlier commits (old MST nodes, deleted records) are not counted, so
/// an account that imported a CAR sees exactly that CAR's repo.
/// </summary>
/// <remarks>
/// One <see cref="IRepoStore.ScanBlocksAsync"/> pass keeps the MST node blocks (records are only counted, never held),
/// then the tree is walked in memory from the head's root. Memory grows with the number of MST nodes in the partition.
/// Spec: atproto.com/specs/repository, "Merkle Search Tree"; lexicon com.atproto.server.checkAccountStatus. Thread-safe.
/// </remarks>
/// <param name="repos">The repo store.</param>
public sealed class RepoSizeCounter(IRepoStore repos)
{
    /// <summary>Counts the repo at <paramref name="head"/>.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="head">The head to count from.</param>
    /// <param name="cancellationToken">A token that cancels the scan.</param>
    /// <returns>The counts.</returns>
    /// <exception cref="InvalidOperationException">An MST node the head reaches is missing (a corrupt repo).</exception>
    /// <exception cref="ServerlessPds.Protocol.Repo.MstFormatException">A reachable MST node does not decode.</exception>
    public async Task<RepoSize> CountAsync(Did did, RepoHead head, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(head);
        var nodes = new Dictionary<Cid, ReadOnlyMemory<byte>>();
        await foreach (var block in repos.ScanBlocksAsync(did, cancellationToken).ConfigureAwait(false))
        {
            if (MstNodeLinks.LooksLikeNode(block.Bytes.Span))
            {
                nodes[block.Cid] = block.Bytes;
            }
        }

        var visited = new HashSet<Cid>();
        var records = new HashSet<Cid>();
        var paths = 0L;
        var stack = new Stack<Cid>([head.DataCid]);
        while (stack.TryPop(out var cid))
        {
            if (!visited.Add(cid))
            {
                continue;
            }

            var bytes = nodes.TryGetValue(cid, out var held) ? held
                : await repos.GetBlockAsync(did, cid, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The repo {did} has no MST node {cid}, which its head reaches.");
            var links = MstNodeLinks.Read(cid, bytes.Span);
            paths += links.Entries.Count;
            foreach (var (value, right) in links.Entries)
            {
                records.Add(value);
                if (right is { } child)
                {
                    stack.Push(child);
                }
            }

            if (links.Left is { } left)
            {
                stack.Push(left);
            }
        }

        return new RepoSize(1 + visited.Count + records.Count, paths);
    }
}
