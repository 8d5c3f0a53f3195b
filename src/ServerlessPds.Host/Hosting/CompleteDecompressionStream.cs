using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace ServerlessPds.Host.Hosting;

/// <summary>The read-only decoded body of <see cref="CompleteDecompressionProvider"/>: checks that the compressed stream is whole.</summary>
internal sealed class CompleteDecompressionStream : Stream
{
    private const int TrailerBytes = 8;
    private readonly string _encoding;
    private readonly Tail _compressed;
    private readonly Stream? _decoder;
    private BrotliDecoder _brotli;
    private readonly byte[]? _input;
    private int _inputStart;
    private int _inputEnd;
    private bool _inputEnded;
    private bool _brotliDone;
    private bool _finished;
    private long _decoded;
    private uint _adlerA = 1;
    private uint _adlerB;

    public CompleteDecompressionStream(Stream compressed, string encoding)
    {
        _encoding = encoding;
        _compressed = new Tail(compressed);
        switch (encoding)
        {
            case "gzip":
                _decoder = new GZipStream(_compressed, CompressionMode.Decompress);
                break;
            case "deflate":
                _decoder = new ZLibStream(_compressed, CompressionMode.Decompress);
                break;
            case "br":
                _brotli = new BrotliDecoder();
                _input = ArrayPool<byte>.Shared.Rent(16 * 1024);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unsupported content coding.");
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _finished)
        {
            return 0;
        }

        int read;
        try
        {
            read = _decoder is null ? await ReadBrotliAsync(buffer, cancellationToken) : await _decoder.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw Undecodable(e.Message);
        }

        if (read == 0)
        {
            _finished = true;
            CheckComplete();
            return 0;
        }

        _decoded += read;
        if (_encoding == "deflate")
        {
            UpdateAdler(buffer.Span[..read]);
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder?.Dispose();
            _brotli.Dispose();
            if (_input is not null)
            {
                ArrayPool<byte>.Shared.Return(_input);
            }
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadBrotliAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!_brotliDone)
        {
            var status = _brotli.Decompress(_input.AsSpan(_inputStart, _inputEnd - _inputStart), buffer.Span, out var consumed, out var written);
            _inputStart += consumed;
            if (status == OperationStatus.InvalidData)
            {
                throw Undecodable("invalid Brotli data");
            }

            _brotliDone = status == OperationStatus.Done;
            if (written > 0)
            {
                return written;
            }

            if (status == OperationStatus.NeedMoreData)
            {
                if (_inputEnded)
                {
                    throw Truncated();
                }

                Array.Copy(_input!, _inputStart, _input!, 0, _inputEnd - _inputStart);
                _inputEnd -= _inputStart;
                _inputStart = 0;
                var read = await _compressed.ReadAsync(_input.AsMemory(_inputEnd), cancellationToken);
                _inputEnded = read == 0;
                _inputEnd += read;
            }
        }

        if (_inputStart < _inputEnd || (!_inputEnded && await _compressed.ReadAsync(_input.AsMemory(0, 1), cancellationToken) > 0))
        {
            throw Undecodable("data after the end of the Brotli stream");
        }

        return 0;
    }

    private void CheckComplete()
    {
        if (_decoder is null)
        {
            // Brotli reports its own end (Done); a stream that ended without it threw in ReadBrotliAsync.
            return;
        }

        var trailer = _compressed.Last;
        var complete = _compressed.Total >= TrailerBytes && (_encoding == "gzip"
            ? BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == unchecked((uint)_decoded)
            : BinaryPrimitives.ReadUInt32BigEndian(trailer[4..]) == ((_adlerB % 65521) << 16 | (_adlerA % 65521)));
        if (!complete)
        {
            throw Truncated();
        }
    }

    private void UpdateAdler(ReadOnlySpan<byte> bytes)
    {
        // Adler-32 (RFC 1950, section 8.2), reduced every 5,552 bytes so the sums cannot overflow.
        var a = _adlerA;
        var b = _adlerB;
        while (!bytes.IsEmpty)
        {
            var chunk = bytes[..Math.Min(bytes.Length, 5552)];
            foreach (var x in chunk)
            {
                a += x;
                b += a;
            }

            a %= 65521;
            b %= 65521;
            bytes = bytes[chunk.Length..];
        }

        _adlerA = a;
        _adlerB = b;
    }

    private BadHttpRequestException Truncated() =>
        new($"Undecodable request body: the {_encoding} stream is truncated", StatusCodes.Status400BadRequest);

    private BadHttpRequestException Undecodable(string detail) =>
        new($"Undecodable request body (Content-Encoding: {_encoding}): {detail}", StatusCodes.Status400BadRequest);

    /// <summary>The compressed body, remembering its length and its last 8 bytes (the gzip or zlib trailer).</summary>
    private sealed class Tail(Stream inner) : Stream
    {
        private readonly byte[] _last = new byte[TrailerBytes];

        public long Total { get; private set; }

        public ReadOnlySpan<byte> Last => _last;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Remember(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Remember(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Remember(ReadOnlySpan<byte> read)
        {
            Total += read.Length;
            if (read.Length >= TrailerBytes)
            {
                read[^TrailerBytes..].CopyTo(_last);
            }
            else if (read.Length > 0)
            {
                _last.AsSpan(read.Length).CopyTo(_last);
                read.CopyTo(_last.AsSpan(TrailerBytes - read.Length));
            }

            return read.Length;
        }
    }
}
