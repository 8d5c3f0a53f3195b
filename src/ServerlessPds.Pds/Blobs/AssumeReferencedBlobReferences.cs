using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Blobs;

/// <summary>
/// TEMPORARY stand-in for <see cref="IBlobReferences"/> until the repo store's reference tracking is wired: says every
/// blob is referenced, so the garbage collector deletes only upload leftovers and never a blob a record might use.
/// </summary>
public sealed class AssumeReferencedBlobReferences : IBlobReferences
{
    /// <inheritdoc/>
    /// <returns>Always <see langword="true"/>.</returns>
    public Task<bool> IsReferencedAsync(Did did, Cid cid, CancellationToken cancellationToken = default) => Task.FromResult(true);
}
