using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// A write-only stream that writes to the response and, while it stays within <paramref name="maxBytes"/> and its
/// writes succeed, to a snapshot being written. The snapshot's failures go to <paramref name="onFailure"/>, never to the
/// caller; the response's failures are thrown.
/// </summary>
/// <param name="output">The response.</param>
/// <param name="snapshot">The snapshot being written.</param>
/// <param name="maxBytes">The most bytes the snapshot may take; past that it is given up.</param>
/// <param name="onFailure">Hears about a snapshot write that failed.</param>
internal sealed class SnapshotTeeStream(Stream output, RepoSnapshotWriter snapshot, long maxBytes, Action<Exception> onFailure) : Stream
{
    private long _written;

    /// <summary>Gets whether the snapshot holds every byte written so far.</summary>
    public bool Intact { get; private set; } = true;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await output.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _written += buffer.Length;
        Intact = Intact && _written <= maxBytes;
        if (!Intact)
        {
            return;
        }

        try
        {
            await snapshot.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Intact = false;
            onFailure(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Asynchronous writes only.");

    public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

    public override void Flush() => throw new NotSupportedException("Asynchronous writes only.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
