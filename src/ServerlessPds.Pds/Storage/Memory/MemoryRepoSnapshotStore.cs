using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>
/// An in-memory <see cref="IRepoSnapshotStore"/>: each DID maps to one immutable (root, rev, bytes) entry, replaced
/// whole by a completed writer, so readers see the old snapshot or the new one. Backs unit tests and the dev mode.
/// </summary>
/// <remarks>docs/architecture.md, "Sync reads". Thread-safe.</remarks>
public sealed class MemoryRepoSnapshotStore : IRepoSnapshotStore
{
    private readonly ConcurrentDictionary<Did, Entry> _snapshots = new();

    /// <inheritdoc/>
    public Task<RepoCarSnapshot?> OpenAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_snapshots.TryGetValue(did, out var entry)
            ? new RepoCarSnapshot(entry.Root, entry.Rev, entry.Bytes.Length, new MemoryStream(entry.Bytes, writable: false))
            : null);
    }

    /// <inheritdoc/>
    public RepoSnapshotWriter BeginWrite(Did did)
    {
        ArgumentNullException.ThrowIfNull(did);
        return new Writer(this, did);
    }

    /// <inheritdoc/>
    public Task DeleteAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        _snapshots.TryRemove(did, out _);
        return Task.CompletedTask;
    }

    /// <summary>Replaces a snapshot's bytes as they are (tests use it to damage one).</summary>
    /// <param name="did">The repo.</param>
    /// <param name="change">Turns the stored bytes into the new ones.</param>
    /// <returns><see langword="true"/> if the repo had a snapshot.</returns>
    public bool Tamper(Did did, Func<byte[], byte[]> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!_snapshots.TryGetValue(did, out var entry))
        {
            return false;
        }

        _snapshots[did] = entry with { Bytes = change(entry.Bytes.ToArray()) };
        return true;
    }

    private sealed record Entry(Cid Root, Tid Rev, byte[] Bytes);

    private sealed class Writer(MemoryRepoSnapshotStore store, Did did) : RepoSnapshotWriter
    {
        private readonly MemoryStream _buffer = new();
        private bool _completed;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_completed)
            {
                throw new InvalidOperationException("The snapshot was already completed.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            _buffer.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task CompleteAsync(Cid root, Tid rev, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(rev);
            cancellationToken.ThrowIfCancellationRequested();
            if (_completed)
            {
                throw new InvalidOperationException("The snapshot was already completed.");
            }

            _completed = true;
            store._snapshots[did] = new Entry(root, rev, _buffer.ToArray());
            return Task.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _buffer.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
