using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// Compares the blobs a repo's records reference (<see cref="IBlobReferenceIndex"/>) with the blobs the blob store holds
/// (<see cref="IBlobCatalog.GetAsync"/>, which claims nothing): listMissingBlobs and the blob figures of checkAccountStatus.
/// </summary>
/// <remarks>
/// docs/architecture.md, "Blob references". Lexicons: com.atproto.repo.listMissingBlobs,
/// com.atproto.server.checkAccountStatus. Each referenced blob costs one catalog read, several at a time. Thread-safe.
/// </remarks>
/// <param name="references">The repo store's reference rows.</param>
/// <param name="catalog">The blob store's catalog.</param>
public sealed class RepoBlobReport(IBlobReferenceIndex references, IBlobCatalog catalog)
{
    /// <summary>The most referenced blobs one <see cref="ListMissingAsync"/> call examines before it answers with a cursor.</summary>
    public const int MaxExaminedPerPage = 2000;

    private const int ScanPage = 500;
    private const int MaxParallelReads = 16;

    /// <summary>Lists referenced blobs the blob store does not hold for the account, in ordinal order of the CID string.</summary>
    /// <param name="did">The account.</param>
    /// <param name="cursor">Continue strictly after this CID string; <see langword="null"/> to start at the first.</param>
    /// <param name="limit">The most blobs to return, at least 1.</param>
    /// <param name="cancellationToken">A token that cancels the work.</param>
    /// <returns>
    /// Up to <paramref name="limit"/> missing blobs, and a cursor when more may follow. A page may hold fewer than
    /// <paramref name="limit"/> (even none) and still a cursor: one call examines at most
    /// <see cref="MaxExaminedPerPage"/> referenced blobs.
    /// </returns>
    /// <remarks>Lexicon: com.atproto.repo.listMissingBlobs.</remarks>
    public async Task<MissingBlobPage> ListMissingAsync(Did did, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var missing = new List<BlobReference>();
        var examined = 0;
        while (true)
        {
            var page = await references.ListReferencedBlobsAsync(did, cursor, Math.Min(ScanPage, MaxExaminedPerPage - examined), cancellationToken).ConfigureAwait(false);
            var held = await HeldAsync(did, page.Blobs, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < page.Blobs.Count; i++)
            {
                if (!held[i])
                {
                    missing.Add(page.Blobs[i]);
                    if (missing.Count == limit)
                    {
                        var more = i < page.Blobs.Count - 1 || page.Cursor is not null;
                        return new MissingBlobPage(missing, more ? page.Blobs[i].Cid.ToString() : null);
                    }
                }
            }

            examined += page.Blobs.Count;
            cursor = page.Cursor;
            if (cursor is null || examined >= MaxExaminedPerPage)
            {
                return new MissingBlobPage(missing, cursor);
            }
        }
    }

    /// <summary>Counts the distinct referenced blobs and how many of them the blob store holds for the account.</summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the work.</param>
    /// <returns>The figures; zero for a repo without blobs or without a repo.</returns>
    /// <remarks>Lexicon: com.atproto.server.checkAccountStatus (<c>expectedBlobs</c>, <c>importedBlobs</c>).</remarks>
    public async Task<BlobReferenceCounts> CountAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        long expected = 0, imported = 0;
        string? cursor = null;
        do
        {
            var page = await references.ListReferencedBlobsAsync(did, cursor, ScanPage, cancellationToken).ConfigureAwait(false);
            var held = await HeldAsync(did, page.Blobs, cancellationToken).ConfigureAwait(false);
            expected += page.Blobs.Count;
            imported += held.Count(h => h);
            cursor = page.Cursor;
        }
        while (cursor is not null);
        return new BlobReferenceCounts(expected, imported);
    }

    private async Task<bool[]> HeldAsync(Did did, IReadOnlyList<BlobReference> blobs, CancellationToken cancellationToken)
    {
        var held = new bool[blobs.Count];
        await Parallel.ForAsync(
            0,
            blobs.Count,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelReads, CancellationToken = cancellationToken },
            async (i, token) => held[i] = await catalog.GetAsync(did, blobs[i].Cid, token).ConfigureAwait(false) is not null).ConfigureAwait(false);
        return held;
    }
}
