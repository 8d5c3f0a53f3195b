using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The repo engine's view of the blob store: before a commit that references a blob is stored, the writer claims the
/// blob here, which both proves it exists for this account and keeps the garbage collector off it while the commit
/// lands.
/// </summary>
/// <remarks>
/// docs/architecture.md, "Blobs". The claim refreshes the blob's last-claimed time conditionally on its version, so a
/// collector that read the blob as unclaimed before the claim can no longer delete it; a claim that comes after the
/// collector's delete finds nothing and the write fails with <c>BlobNotFound</c>.
/// </remarks>
public interface IBlobCatalog
{
    /// <summary>Claims a blob for a commit about to reference it.</summary>
    /// <param name="did">The account writing the record.</param>
    /// <param name="cid">The blob's CID, from the record's blob ref.</param>
    /// <param name="cancellationToken">A token that cancels the claim.</param>
    /// <returns>The blob, or <see langword="null"/> when this account has no such blob.</returns>
    Task<StoredBlob?> ClaimAsync(Did did, Cid cid, CancellationToken cancellationToken = default);

    /// <summary>Reads a blob's metadata without claiming it (for listMissingBlobs and checkAccountStatus).</summary>
    /// <param name="did">The account.</param>
    /// <param name="cid">The blob's CID.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The blob, or <see langword="null"/> when this account has no such blob.</returns>
    Task<StoredBlob?> GetAsync(Did did, Cid cid, CancellationToken cancellationToken = default);
}
