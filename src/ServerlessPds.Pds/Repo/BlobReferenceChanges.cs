using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// The blob reference rows a commit changes: per record path, the blobs the new record references that the replaced
/// one did not (rows to write, and refs to claim), and those the replaced one referenced that the new one does not
/// (rows to delete). The replaced records are read from the repo's blocks.
/// </summary>
/// <remarks>docs/architecture.md, "Blob references".</remarks>
/// <param name="Upserts">The rows to write.</param>
/// <param name="Deletes">The rows to delete.</param>
/// <param name="Claims">The refs behind <paramref name="Upserts"/>, every occurrence (for the mimeType and size checks).</param>
internal sealed record BlobReferenceChanges(IReadOnlyList<BlobReference> Upserts, IReadOnlyList<BlobReference> Deletes, IReadOnlyList<FoundBlobRef> Claims)
{
    private const int MaxParallelReads = 8;

    /// <summary>Computes the changes of <paramref name="writes"/>, reading each replaced record through <paramref name="blocks"/>.</summary>
    /// <exception cref="InvalidOperationException">A replaced record's block is missing from the repo.</exception>
    public static async Task<BlobReferenceChanges> ComputeAsync(IBlockSource blocks, IReadOnlyList<RecordBlobChange> writes, CancellationToken cancellationToken)
    {
        var previous = new Dictionary<Cid, IReadOnlyList<FoundBlobRef>>();
        var toRead = writes.Where(w => w.Previous is not null).Select(w => w.Previous!.Value).Distinct().ToList();
        await Parallel.ForEachAsync(
            toRead,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken },
            async (cid, token) =>
            {
                var bytes = await blocks.GetBlockAsync(cid, token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The record block {cid} is missing from the repo.");
                var refs = BlobRefFinder.Find(DagCbor.Decode(bytes.Span)).Refs;
                lock (previous)
                {
                    previous[cid] = refs;
                }
            }).ConfigureAwait(false);

        var upserts = new List<BlobReference>();
        var deletes = new List<BlobReference>();
        var claims = new List<FoundBlobRef>();
        foreach (var write in writes)
        {
            var before = write.Previous is { } p ? previous[p].Select(r => r.Cid).ToHashSet() : [];
            var after = write.Refs.Select(r => r.Cid).ToHashSet();
            upserts.AddRange(after.Where(c => !before.Contains(c)).Select(c => new BlobReference(c, write.Path)));
            deletes.AddRange(before.Where(c => !after.Contains(c)).Select(c => new BlobReference(c, write.Path)));
            claims.AddRange(write.Refs.Where(r => !before.Contains(r.Cid)));
        }

        return new BlobReferenceChanges(upserts, deletes, claims);
    }
}
