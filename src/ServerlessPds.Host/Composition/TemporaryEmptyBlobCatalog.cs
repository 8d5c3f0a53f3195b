using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// TEMPORARY: an <see cref="IBlobCatalog"/> that holds no blob, registered (with TryAdd) only until the blob store's
/// catalog is wired in; remove it then. With it, any record that references a blob fails with 400 <c>BlobNotFound</c>,
/// and every referenced blob is reported missing.
/// </summary>
internal sealed class TemporaryEmptyBlobCatalog : IBlobCatalog
{
    /// <inheritdoc/>
    public Task<StoredBlob?> ClaimAsync(Did did, Cid cid, CancellationToken cancellationToken = default) => Task.FromResult<StoredBlob?>(null);

    /// <inheritdoc/>
    public Task<StoredBlob?> GetAsync(Did did, Cid cid, CancellationToken cancellationToken = default) => Task.FromResult<StoredBlob?>(null);
}
