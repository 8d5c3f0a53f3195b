using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Tells whether any current record of a repo references a blob. Implemented by the repo store, which keeps one
/// reference row per (blob, record path) in the repo's partition, written in the same atomic step as the commit.
/// </summary>
/// <remarks>docs/architecture.md, "Blobs". The blob garbage collector asks this before deleting.</remarks>
public interface IBlobReferences
{
    /// <summary>Tells whether any record at the repo's head references the blob.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cid">The blob's CID.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns><see langword="true"/> if at least one record references it; otherwise <see langword="false"/>.</returns>
    Task<bool> IsReferencedAsync(Did did, Cid cid, CancellationToken cancellationToken = default);
}
