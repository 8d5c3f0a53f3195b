using Azure.Core;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>A read-only stream over a streamed response body that disposes its <see cref="HttpMessage"/> when disposed.</summary>
internal sealed class ResponseOwningStream : Stream
{
    private readonly HttpMessage _message;
    private readonly Stream _inner;
    private bool _disposed;

    public ResponseOwningStream(HttpMessage message, Stream inner)
    {
        _message = message;
        _inner = inner;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _inner.Dispose();
            _message.Dispose();
        }

        base.Dispose(disposing);
    }
}
