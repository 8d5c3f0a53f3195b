using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Blobs;

/// <summary>
/// Lists an account's blobs for <c>com.atproto.sync.listBlobs</c>: the blobs current records reference
/// (<see cref="IBlobReferences"/>), as the reference PDS lists its record-blob table, in ascending CID order, with the
/// last CID as the cursor.
/// </summary>
/// <remarks>
/// <para><c>since</c> (a rev) keeps the blobs claimed, or uploaded, at or after the rev's time less
/// <see cref="SinceMargin"/>. Writers claim a blob just before the commit that references it, and a rev is a TID of the
/// commit time, so this holds every blob a record written after <c>since</c> references; it may also hold a few that
/// the reference PDS would leave out (a blob claimed again for a commit that failed, or referenced again by a newer
/// record as well as an older one). The blob store knows claim times, not revs; a superset is harmless to a
/// consumer that syncs blobs, a missing blob would not be.</para>
/// </remarks>
/// <param name="store">The blob store.</param>
/// <param name="references">Tells whether records reference a blob.</param>
public sealed class BlobListing(IBlobStore store, IBlobReferences references)
{
    /// <summary>How far before a <c>since</c> rev's time claims still count: covers a slow commit after its claim and clock skew between instances.</summary>
    public static readonly TimeSpan SinceMargin = TimeSpan.FromMinutes(10);

    private const int ReferenceChecksInFlight = 16;

    /// <summary>Lists one page.</summary>
    /// <param name="did">The account.</param>
    /// <param name="since">Only blobs of records written after this rev (see remarks), or <see langword="null"/>.</param>
    /// <param name="limit">The page size, 1 to 1000.</param>
    /// <param name="cursor">The previous page's last CID, or <see langword="null"/> for the first page.</param>
    /// <param name="cancellationToken">A token that cancels the listing.</param>
    /// <returns>The CIDs and the cursor of the next page (<see langword="null"/> when this page is the last).</returns>
    public async Task<(IReadOnlyList<Cid> Cids, Cid? Cursor)> ListAsync(Did did, Tid? since, int limit, Cid? cursor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        DateTimeOffset? claimedSince = since is null
            ? null
            : DateTimeOffset.UnixEpoch.AddTicks(since.Timestamp * 10) - SinceMargin;
        var cids = new List<Cid>();
        var after = cursor;
        while (cids.Count < limit)
        {
            var page = await store.ListAsync(did, after, claimedSince, limit, cancellationToken).ConfigureAwait(false);
            foreach (var cid in await ReferencedAsync(did, page, cancellationToken).ConfigureAwait(false))
            {
                if (cids.Count < limit)
                {
                    cids.Add(cid);
                }
            }

            if (page.Count < limit)
            {
                return (cids, cids.Count == limit ? cids[^1] : null);
            }

            after = page[^1];
        }

        return (cids, cids[^1]);
    }

    private async Task<List<Cid>> ReferencedAsync(Did did, IReadOnlyList<Cid> page, CancellationToken cancellationToken)
    {
        var referenced = new bool[page.Count];
        await Parallel.ForAsync(0, page.Count, new ParallelOptions { MaxDegreeOfParallelism = ReferenceChecksInFlight, CancellationToken = cancellationToken },
            async (i, ct) => referenced[i] = await references.IsReferencedAsync(did, page[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return page.Where((_, i) => referenced[i]).ToList();
    }
}
