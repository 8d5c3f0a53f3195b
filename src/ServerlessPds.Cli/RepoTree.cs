using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Cli;

/// <summary>
/// Walks a repository's MST from a commit's <c>data</c> root over the blocks of a CAR, with the checks of
/// <see cref="Mst"/>: every node present, hashing to its CID, strictly decoded, keys valid, sorted and at the right depth.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "Merkle Search Tree" and "Repository Data Structure".</remarks>
internal static class RepoTree
{
    /// <summary>Walks the tree and every record it points to.</summary>
    /// <param name="car">The CAR's blocks.</param>
    /// <param name="commit">The commit; the walk starts at its <c>data</c>.</param>
    /// <param name="strict">
    /// <see langword="true"/> to fail on the first problem (for <c>verify</c>: also records missing or not valid
    /// DAG-CBOR); <see langword="false"/> to report how far the walk got (for <c>inspect</c> of a partial CAR).
    /// </param>
    /// <param name="cancellationToken">A token that cancels the walk.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="CliFailure">In strict mode: the first problem found.</exception>
    internal static async Task<RepoTreeSummary> WalkAsync(RepoCar car, Commit commit, bool strict, CancellationToken cancellationToken)
    {
        var mst = Mst.Load(car, commit.Data);
        var nodes = 0;
        var records = 0;
        var missing = 0;
        var present = new HashSet<Cid>();
        var collections = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            await foreach (var _ in mst.WalkBlocksAsync(cancellationToken).ConfigureAwait(false))
            {
                nodes++;
            }

            await foreach (var (key, cid) in mst.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                records++;
                var collection = key[..key.IndexOf('/', StringComparison.Ordinal)];
                collections[collection] = collections.GetValueOrDefault(collection) + 1;
                if (!car.TryGetBlock(cid, out var bytes))
                {
                    missing++;
                    Fail(strict, $"record {key} ({cid}) is not in the CAR");
                    continue;
                }

                present.Add(cid);
                if (strict)
                {
                    CheckRecord(key, cid, bytes);
                }
            }
        }
        catch (MissingBlockException e)
        {
            var problem = $"MST node {e.Cid} is not in the CAR";
            Fail(strict, problem, e);
            return new RepoTreeSummary(nodes, records, collections, missing, 0, problem + " (a partial CAR, such as a diff?)");
        }
        catch (Exception e) when (e is MstFormatException or DagCborFormatException)
        {
            var problem = $"the MST is malformed: {e.Message}";
            Fail(strict, problem, e);
            return new RepoTreeSummary(nodes, records, collections, missing, 0, problem);
        }

        return new RepoTreeSummary(nodes, records, collections, missing, 1 + nodes + present.Count, null);
    }

    private static void CheckRecord(string key, Cid cid, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            if (DagCbor.Decode(bytes.Span) is not DataMap)
            {
                throw new CliFailure($"record {key} ({cid}) is not a DAG-CBOR map");
            }
        }
        catch (DagCborFormatException e)
        {
            throw new CliFailure($"record {key} ({cid}) is not valid DAG-CBOR: {e.Message}", e);
        }
    }

    private static void Fail(bool strict, string problem, Exception? inner = null)
    {
        if (strict)
        {
            throw new CliFailure(problem, inner);
        }
    }
}
