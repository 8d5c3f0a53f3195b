using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Testing;

/// <summary>
/// A test <see cref="IBlobCatalog"/>: blobs are added per account with <see cref="Add"/>, every claim is recorded in
/// <see cref="Claims"/>, and <see cref="FailClaims"/> makes claims throw (a storage failure during the claim).
/// </summary>
public sealed class RecordingBlobCatalog : IBlobCatalog
{
    private readonly ConcurrentDictionary<(Did, Cid), StoredBlob> _blobs = new();

    /// <summary>Gets every (account, blob) claimed, in order.</summary>
    public ConcurrentQueue<(Did Did, Cid Cid)> Claims { get; } = new();

    /// <summary>Gets or sets a value indicating whether claims throw <see cref="IOException"/>.</summary>
    public bool FailClaims { get; set; }

    /// <summary>Stores a blob for an account: CIDv1 raw SHA-256 of <paramref name="bytes"/>.</summary>
    /// <param name="did">The account.</param>
    /// <param name="bytes">The bytes.</param>
    /// <param name="mimeType">The content type.</param>
    /// <returns>The stored blob.</returns>
    public StoredBlob Add(Did did, byte[] bytes, string mimeType)
    {
        var blob = new StoredBlob(did, Cid.ComputeRaw(bytes), bytes.Length, mimeType, DateTimeOffset.UtcNow);
        _blobs[(did, blob.Cid)] = blob;
        return blob;
    }

    /// <summary>Forgets a blob, as the collector would.</summary>
    /// <param name="did">The account.</param>
    /// <param name="cid">The blob.</param>
    public void Remove(Did did, Cid cid) => _blobs.TryRemove((did, cid), out _);

    /// <inheritdoc/>
    public Task<StoredBlob?> ClaimAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        Claims.Enqueue((did, cid));
        return FailClaims ? throw new IOException($"Simulated failure claiming {cid}.") : GetAsync(did, cid, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<StoredBlob?> GetAsync(Did did, Cid cid, CancellationToken cancellationToken = default) =>
        Task.FromResult(_blobs.TryGetValue((did, cid), out var blob) ? blob : null);
}
