using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.StressWorker;

/// <summary>A catalog with no blobs: the stress writers' records reference none.</summary>
internal sealed class NoBlobCatalog : IBlobCatalog
{
    public Task<StoredBlob?> ClaimAsync(Did did, Cid cid, CancellationToken cancellationToken = default) => Task.FromResult<StoredBlob?>(null);

    public Task<StoredBlob?> GetAsync(Did did, Cid cid, CancellationToken cancellationToken = default) => Task.FromResult<StoredBlob?>(null);
}
