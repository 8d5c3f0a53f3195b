using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>
/// An in-memory <see cref="IRepoStore"/> with the same atomicity and conditional semantics as the durable one: each
/// repo is guarded by its own lock, <see cref="CommitAsync"/> checks the head version and applies the whole batch
/// under that lock, and every version is unique for the store's lifetime. Backs unit tests and the dev mode. Its blob
/// reference rows (<see cref="IBlobReferenceIndex"/>) change under the same lock as the head.
/// </summary>
/// <remarks>docs/architecture.md, "Storage layout" (table <c>repos</c>) and "Blob references".</remarks>
public sealed class MemoryRepoStore : IRepoStore, IBlobReferenceIndex
{
    private readonly ConcurrentDictionary<Did, RepoState> _repos = new();
    private long _versions;

    /// <inheritdoc/>
    public Task<RepoHead?> GetHeadAsync(Did did, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(did, s => s.Head));
    }

    /// <inheritdoc/>
    public Task<ReadOnlyMemory<byte>?> GetBlockAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(did, s => s.Blocks.TryGetValue(cid, out var b) ? b : (ReadOnlyMemory<byte>?)null));
    }

    /// <inheritdoc/>
    /// <remarks>Enumerates a copy of the block list taken under the repo's lock (the bytes are shared, not copied), in
    /// CID-string order like the durable store.</remarks>
    public async IAsyncEnumerable<RepoBlock> ScanBlocksAsync(Did did, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var blocks = Read(did, s => s.Blocks.Select(b => new RepoBlock(b.Key, b.Value)).ToList()) ?? [];
        blocks.Sort((a, b) => string.CompareOrdinal(a.Cid.ToString(), b.Cid.ToString()));
        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return block;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task PutBlocksAsync(Did did, IReadOnlyList<RepoBlock> blocks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(blocks);
        cancellationToken.ThrowIfCancellationRequested();
        var state = _repos.GetOrAdd(did, _ => new RepoState());
        lock (state)
        {
            foreach (var block in blocks)
            {
                state.Blocks[block.Cid] = block.Bytes;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<RepoHead> CommitAsync(Did did, RepoHead? expected, CommitBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Outbox is { } outbox && outbox.Rev != batch.Rev)
        {
            throw new ArgumentException($"The outbox entry's rev {outbox.Rev} is not the batch's rev {batch.Rev}.", nameof(batch));
        }

        var state = _repos.GetOrAdd(did, _ => new RepoState());
        lock (state)
        {
            if (state.Head?.Version != expected?.Version)
            {
                throw new RepoConcurrencyException(
                    did,
                    $"The head of {did} is {state.Head?.CommitCid.ToString() ?? "absent"}, not {expected?.CommitCid.ToString() ?? "absent"}.");
            }

            foreach (var block in batch.Blocks)
            {
                state.Blocks[block.Cid] = block.Bytes;
            }

            foreach (var path in batch.IndexDeletes)
            {
                state.Index.Remove(path.Value);
            }

            foreach (var (path, cid) in batch.IndexUpserts)
            {
                state.Index[path.Value] = new RecordIndexEntry(path, cid, batch.Rev);
            }

            foreach (var reference in batch.BlobReferenceDeletes)
            {
                if (state.BlobRefs.TryGetValue(reference.Cid.ToString(), out var paths) && paths.Remove(reference.Path.Value) && paths.Count == 0)
                {
                    state.BlobRefs.Remove(reference.Cid.ToString());
                }
            }

            foreach (var reference in batch.BlobReferenceUpserts)
            {
                var key = reference.Cid.ToString();
                if (!state.BlobRefs.TryGetValue(key, out var paths))
                {
                    state.BlobRefs[key] = paths = new SortedSet<string>(StringComparer.Ordinal);
                }

                paths.Add(reference.Path.Value);
            }

            foreach (var rev in batch.SequencedOutboxDeletes)
            {
                state.Outbox.Remove(rev.Value);
            }

            if (batch.Outbox is { } entry)
            {
                state.Outbox[entry.Rev.Value] = entry;
            }

            var version = Interlocked.Increment(ref _versions).ToString("x", CultureInfo.InvariantCulture);
            state.Head = new RepoHead(batch.CommitCid, batch.Rev, batch.DataCid, version) { WriteStatus = batch.WriteStatus, Receipts = batch.Receipts };
            return Task.FromResult(state.Head);
        }
    }

    /// <inheritdoc/>
    public Task<RepoHead?> SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_repos.TryGetValue(did, out var state))
        {
            return Task.FromResult<RepoHead?>(null);
        }

        lock (state)
        {
            if (state.Head is { } head && head.WriteStatus != status)
            {
                var version = Interlocked.Increment(ref _versions).ToString("x", CultureInfo.InvariantCulture);
                state.Head = head with { Version = version, WriteStatus = status };
            }

            return Task.FromResult(state.Head);
        }
    }

    /// <inheritdoc/>
    public Task<Cid?> GetRecordCidAsync(Did did, RepoPath path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(did, s => s.Index.TryGetValue(path.Value, out var e) ? e.Cid : (Cid?)null));
    }

    /// <inheritdoc/>
    public Task<RecordPage> ListRecordsAsync(Did did, Nsid collection, RecordKey? cursor, int limit, bool reverse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var rows = Read(did, s => s.Index.Values.Where(e => e.Path.Collection == collection).ToList()) ?? [];
        IEnumerable<RecordIndexEntry> ordered = reverse ? rows : Enumerable.Reverse(rows);
        if (cursor is not null)
        {
            ordered = ordered.Where(e => string.CompareOrdinal(e.Path.Rkey.Value, cursor.Value) is var c && (reverse ? c > 0 : c < 0));
        }

        var page = ordered.Take(limit + 1).ToList();
        var more = page.Count > limit;
        page = page.Take(limit).ToList();
        return Task.FromResult(new RecordPage(page, more ? page[^1].Path.Rkey : null));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(Did did, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<OutboxEntry>>(Read(did, s => s.Outbox.Values.ToList()) ?? []);
    }

    /// <inheritdoc/>
    public Task DeleteOutboxAsync(Did did, IReadOnlyList<Tid> revs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(revs);
        cancellationToken.ThrowIfCancellationRequested();
        Read(did, s => revs.Count(r => s.Outbox.Remove(r.Value)));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<bool> IsReferencedAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(did, s => s.BlobRefs.ContainsKey(cid.ToString())));
    }

    /// <inheritdoc/>
    public Task<BlobReferencePage> ListReferencedBlobsAsync(Did did, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var rows = Read(did, s => s.BlobRefs
            .Where(e => cursor is null || string.CompareOrdinal(e.Key, cursor) > 0)
            .Take(limit == int.MaxValue ? limit : limit + 1)
            .Select(e => new BlobReference(Cid.Parse(e.Key), RepoPath.Parse(e.Value.Min!)))
            .ToList()) ?? [];
        var page = rows.Take(limit).ToList();
        return Task.FromResult(new BlobReferencePage(page, rows.Count > limit ? page[^1].Cid.ToString() : null));
    }

    private T? Read<T>(Did did, Func<RepoState, T> read)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!_repos.TryGetValue(did, out var state))
        {
            return default;
        }

        lock (state)
        {
            return read(state);
        }
    }

    private sealed class RepoState
    {
        public RepoHead? Head { get; set; }

        public Dictionary<Cid, ReadOnlyMemory<byte>> Blocks { get; } = [];

        public SortedDictionary<string, RecordIndexEntry> Index { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, OutboxEntry> Outbox { get; } = new(StringComparer.Ordinal);

        /// <summary>Gets the blob reference rows: record paths by blob CID string, both in ordinal order.</summary>
        public SortedDictionary<string, SortedSet<string>> BlobRefs { get; } = new(StringComparer.Ordinal);
    }
}
