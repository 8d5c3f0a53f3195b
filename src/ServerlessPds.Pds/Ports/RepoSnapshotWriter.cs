using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// A snapshot being written (<see cref="IRepoSnapshotStore.BeginWrite"/>): a write-only stream of the CAR bytes that
/// becomes the repo's snapshot when <see cref="CompleteAsync"/> succeeds. Disposing it without completing it discards the
/// bytes, so a partial snapshot is never visible.
/// </summary>
/// <remarks>Asynchronous writes only (<see cref="Stream.WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>); the
/// synchronous <see cref="Write(byte[], int, int)"/> throws <see cref="NotSupportedException"/>. Not thread-safe.</remarks>
public abstract class RepoSnapshotWriter : Stream
{
    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Makes the bytes written so far the repo's snapshot, replacing the current one atomically.
    /// </summary>
    /// <param name="root">The commit CID the CAR was written for (its root).</param>
    /// <param name="rev">The rev of that commit.</param>
    /// <param name="cancellationToken">A token that cancels the completion; the snapshot is then unchanged or replaced.</param>
    /// <returns>A task that completes when the snapshot is visible.</returns>
    /// <exception cref="InvalidOperationException">The writer was already completed.</exception>
    public abstract Task CompleteAsync(Cid root, Tid rev, CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Snapshot writers take asynchronous writes only.");

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public abstract override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default);
}
