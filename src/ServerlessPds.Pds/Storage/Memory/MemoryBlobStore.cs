using System.Globalization;
using System.Runtime.CompilerServices;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>
/// An in-memory <see cref="IBlobStore"/> with the semantics of the Table one: staged uploads, one entry per (DID, CID),
/// a new version on every change, and claims and deletions conditional on the version. Backs unit tests and the dev
/// mode; bytes are held in memory.
/// </summary>
/// <remarks>docs/architecture.md, "Blobs".</remarks>
/// <param name="timeProvider">The clock of upload and claim times; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
public sealed class MemoryBlobStore(TimeProvider? timeProvider = null) : IBlobStore
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly object _gate = new();
    private readonly Dictionary<(Did Did, Cid Cid), Entry> _blobs = [];
    private readonly Dictionary<string, Staging> _staged = [];
    private readonly Dictionary<string, byte[]> _bytes = [];
    private long _versions;

    /// <summary>Gets the number of byte arrays held (committed blobs plus staged uploads), for tests.</summary>
    public int StoredByteCount
    {
        get
        {
            lock (_gate)
            {
                return _bytes.Count;
            }
        }
    }

    /// <inheritdoc/>
    public async Task<StagedBlob> StageAsync(Did did, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(content);
        var uploadId = Guid.NewGuid().ToString("N");
        var bytes = await ReadAllAsync(content, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var version = NextVersion();
            _staged[uploadId] = new Staging(did, _time.GetUtcNow(), version);
            _bytes[uploadId] = bytes;
            return new StagedBlob(did, uploadId, version);
        }
    }

    /// <inheritdoc/>
    public Task<StoredBlob> CommitAsync(StagedBlob staged, Cid cid, long size, string mimeType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staged);
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_staged.TryGetValue(staged.UploadId, out var staging) || staging.Version != staged.Version)
            {
                throw new InvalidOperationException($"Upload {staged.UploadId} was collected before it was committed.");
            }

            _staged.Remove(staged.UploadId);
            var now = _time.GetUtcNow();
            if (_blobs.TryGetValue((staged.Did, cid), out var existing))
            {
                _bytes.Remove(staged.UploadId);
                _blobs[(staged.Did, cid)] = existing with { LastClaimedAt = now, Version = NextVersion() };
                return Task.FromResult(existing.Blob);
            }

            var blob = new StoredBlob(staged.Did, cid, size, mimeType, now);
            _blobs[(staged.Did, cid)] = new Entry(blob, staged.UploadId, now, NextVersion());
            return Task.FromResult(blob);
        }
    }

    /// <inheritdoc/>
    public Task DiscardAsync(StagedBlob staged, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staged);
        lock (_gate)
        {
            if (_staged.TryGetValue(staged.UploadId, out var staging) && staging.Version == staged.Version)
            {
                _staged.Remove(staged.UploadId);
                _bytes.Remove(staged.UploadId);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<StoredBlob?> ClaimAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_blobs.TryGetValue((did, cid), out var entry))
            {
                return Task.FromResult<StoredBlob?>(null);
            }

            _blobs[(did, cid)] = entry with { LastClaimedAt = _time.GetUtcNow(), Version = NextVersion() };
            return Task.FromResult<StoredBlob?>(entry.Blob);
        }
    }

    /// <inheritdoc/>
    public Task<StoredBlob?> GetAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        lock (_gate)
        {
            return Task.FromResult(_blobs.TryGetValue((did, cid), out var entry) ? entry.Blob : null);
        }
    }

    /// <inheritdoc/>
    public Task<BlobHandle?> OpenAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        lock (_gate)
        {
            return Task.FromResult<BlobHandle?>(_blobs.TryGetValue((did, cid), out var entry) ? new Handle(this, entry) : null);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<Cid>> ListAsync(Did did, Cid? after, DateTimeOffset? claimedSince, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var start = after?.ToString() ?? string.Empty;
        lock (_gate)
        {
            IReadOnlyList<Cid> page = _blobs.Values
                .Where(e => e.Blob.Did == did && (claimedSince is null || e.LastClaimedAt >= claimedSince))
                .Select(e => e.Blob.Cid)
                .Where(c => string.CompareOrdinal(c.ToString(), start) > 0)
                .OrderBy(c => c.ToString(), StringComparer.Ordinal)
                .Take(limit)
                .ToList();
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<BlobSweepItem> ListCollectableAsync(DateTimeOffset claimedBefore,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<BlobSweepItem> items;
        lock (_gate)
        {
            items = _blobs.Values.Where(e => e.LastClaimedAt < claimedBefore)
                .Select(e => new BlobSweepItem(e.Blob.Did, e.Blob.Cid, e.UploadId, e.LastClaimedAt, e.Version))
                .Concat(_staged.Where(s => s.Value.StagedAt < claimedBefore)
                    .Select(s => new BlobSweepItem(s.Value.Did, null, s.Key, s.Value.StagedAt, s.Value.Version)))
                .ToList();
        }

        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(BlobSweepItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (item.Cid is { } cid)
            {
                if (!_blobs.TryGetValue((item.Did, cid), out var entry) || entry.Version != item.Version)
                {
                    return Task.FromResult(false);
                }

                _blobs.Remove((item.Did, cid));
            }
            else
            {
                if (!_staged.TryGetValue(item.UploadId, out var staging) || staging.Version != item.Version)
                {
                    return Task.FromResult(false);
                }

                _staged.Remove(item.UploadId);
            }

            _bytes.Remove(item.UploadId);
            return Task.FromResult(true);
        }
    }

    /// <summary>
    /// Reads a stream to its end in chunks below the large object heap's threshold, then copies them into one array: a
    /// growing <see cref="MemoryStream"/> would leave its doubled buffers (up to twice the upload, on the large object
    /// heap) behind as garbage on every upload, also on one refused for its size.
    /// </summary>
    private static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        const int ChunkBytes = 64 * 1024;
        var chunks = new List<byte[]>();
        var total = 0L;
        while (true)
        {
            var chunk = new byte[ChunkBytes];
            var read = await content.ReadAtLeastAsync(chunk, ChunkBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                chunks.Add(chunk);
                total += read;
            }

            if (read < ChunkBytes)
            {
                break;
            }
        }

        var bytes = new byte[total];
        var offset = 0L;
        foreach (var chunk in chunks)
        {
            var length = (int)Math.Min(ChunkBytes, total - offset);
            chunk.AsSpan(0, length).CopyTo(bytes.AsSpan((int)offset));
            offset += length;
        }

        return bytes;
    }

    private string NextVersion() => (++_versions).ToString("x", CultureInfo.InvariantCulture);

    private byte[]? Bytes(string uploadId)
    {
        lock (_gate)
        {
            return _bytes.GetValueOrDefault(uploadId);
        }
    }

    private sealed record Entry(StoredBlob Blob, string UploadId, DateTimeOffset LastClaimedAt, string Version);

    private sealed record Staging(Did Did, DateTimeOffset StagedAt, string Version);

    private sealed class Handle(MemoryBlobStore store, Entry entry) : BlobHandle(entry.Blob)
    {
        public override Task<Stream> ReadAsync(long offset, long length, CancellationToken cancellationToken = default)
        {
            CheckRange(offset, length);
            var bytes = store.Bytes(entry.UploadId) ?? throw XrpcException.BlobNotFound(Blob.Cid);
            return Task.FromResult<Stream>(new MemoryStream(bytes, (int)offset, (int)length, writable: false));
        }
    }
}
