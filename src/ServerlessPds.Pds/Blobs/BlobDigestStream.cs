using System.Globalization;
using System.Security.Cryptography;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Blobs;

/// <summary>
/// A read-only pass-through over an upload's body that hashes (SHA-256), counts and keeps the first
/// <see cref="BlobContentSniffer.HeadBytes"/> bytes of everything read through it, and fails once more than the limit
/// has been read. Memory use is constant, whatever the length.
/// </summary>
/// <remarks>Spec: atproto.com/specs/blob (the blob CID is CIDv1, raw codec, SHA-256 of the bytes).</remarks>
public sealed class BlobDigestStream : Stream
{
    private readonly Stream _inner;
    private readonly long _maxBytes;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _head = new byte[BlobContentSniffer.HeadBytes];
    private int _headLength;

    /// <summary>Initializes a stream over <paramref name="inner"/>.</summary>
    /// <param name="inner">The body to read.</param>
    /// <param name="maxBytes">The most bytes allowed, 0 or more.</param>
    public BlobDigestStream(Stream inner, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _inner = inner;
        _maxBytes = maxBytes;
    }

    /// <summary>Gets the number of bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Gets a value indicating whether the body was read to its end.</summary>
    public bool Completed { get; private set; }

    /// <summary>Gets the first bytes read (up to <see cref="BlobContentSniffer.HeadBytes"/>).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>Computes the CID of the bytes read.</summary>
    /// <returns>A CIDv1 with the raw codec and a SHA-256 multihash.</returns>
    /// <exception cref="InvalidOperationException">The body was not read to its end.</exception>
    public Cid ComputeCid()
    {
        if (!Completed)
        {
            throw new InvalidOperationException("The upload was not read to its end.");
        }

        return Cid.FromSha256(Cid.RawCodec, _hash.GetCurrentHash());
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Observe(buffer.AsSpan(offset, _inner.Read(buffer, offset, count)), count);

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => Observe(buffer[.._inner.Read(buffer)], buffer.Length);

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Observe(buffer.Span[..read], buffer.Length);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Observe(ReadOnlySpan<byte> data, int requested)
    {
        if (data.IsEmpty)
        {
            Completed |= requested > 0;
            return 0;
        }

        BytesRead += data.Length;
        if (BytesRead > _maxBytes)
        {
            throw XrpcException.PayloadTooLarge($"Blob too large: the limit is {_maxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
        }

        _hash.AppendData(data);
        if (_headLength < _head.Length)
        {
            var take = Math.Min(_head.Length - _headLength, data.Length);
            data[..take].CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }

        return data.Length;
    }
}
