using System.Buffers;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Car;

/// <summary>
/// Writes a CAR v1 file to a stream: the header on creation, then one section per block, gathered in one pooled
/// buffer of <see cref="BufferBytes"/> so that the stream sees few, large writes. Writing a block that fits the buffer
/// completes synchronously and allocates nothing.
/// </summary>
/// <remarks>
/// <para>
/// Layout: <c>varint(header length) ‖ DAG-CBOR {roots: [CID…], version: 1}</c>, then for each block
/// <c>varint(length of CID + block) ‖ binary CID ‖ block</c>. Blocks are written in the order given; the writer does not
/// hash them (the caller vouches that each block matches its CID; <see cref="CarReader"/> checks on the other side).
/// </para>
/// <para>
/// Call <see cref="FlushAsync"/> or <see cref="DisposeAsync"/> at the end: bytes still in the buffer are not in the
/// stream until then. The writer does not own the stream. Not thread-safe. Spec: atproto.com/specs/repository, "CAR
/// File Serialization" (a repository export has one root, the commit); ipld.io CARv1.
/// </para>
/// </remarks>
public sealed class CarWriter : IAsyncDisposable
{
    /// <summary>The size of the write buffer, in bytes (128 KiB). A block larger than this goes to the stream directly.</summary>
    public const int BufferBytes = 128 * 1024;

    private readonly Stream _stream;
    private byte[]? _buffer;
    private int _count;

    private CarWriter(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    }

    /// <summary>Gets the number of bytes of the CAR written so far, including those still in the buffer.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Gets the number of blocks written so far.</summary>
    public int BlocksWritten { get; private set; }

    /// <summary>Creates a writer and writes the header (into the buffer).</summary>
    /// <param name="stream">A writable stream; not disposed by the writer.</param>
    /// <param name="roots">The root CIDs: for a repository export, one, the commit; none for a bag of blocks.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>The writer; dispose it (asynchronously) to flush and return its buffer.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot write, or a root is the default CID.</exception>
    public static ValueTask<CarWriter> CreateAsync(Stream stream, IReadOnlyList<Cid> roots, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot write.", nameof(stream));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var header = EncodeHeader(roots);
        var writer = new CarWriter(stream);
        var prefix = Varint.Write((ulong)header.Length, writer._buffer);
        if (prefix + header.Length <= BufferBytes)
        {
            header.CopyTo(writer._buffer.AsSpan(prefix));
            writer._count = prefix + header.Length;
            writer.BytesWritten = writer._count;
            return ValueTask.FromResult(writer);
        }

        return WriteLargeHeaderAsync(writer, prefix, header, cancellationToken);
    }

    /// <summary>Writes a whole CAR v1 file into a new array, for example the <c>blocks</c> of a firehose event.</summary>
    /// <param name="roots">The root CIDs.</param>
    /// <param name="blocks">The blocks, in the order to write them.</param>
    /// <returns>The CAR bytes.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A root or block CID is the default value.</exception>
    public static byte[] Encode(IReadOnlyList<Cid> roots, IEnumerable<CarBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var header = EncodeHeader(roots);
        var output = new ArrayBufferWriter<byte>(header.Length + 1024);
        output.Advance(Varint.Write((ulong)header.Length, output.GetSpan(Varint.MaxBytes)));
        output.Write(header);
        foreach (var block in blocks)
        {
            var cid = CheckCid(block.Cid, nameof(blocks));
            var sectionLength = cid.Length + block.Bytes.Length;
            var span = output.GetSpan(Varint.MaxBytes + sectionLength);
            output.Advance(WriteSection(span, cid, block.Bytes.Span));
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes one block section.</summary>
    /// <param name="cid">The block's CID.</param>
    /// <param name="block">The block's bytes; copied before the call returns or completes.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>A task that completes when the section is buffered or written; synchronously when it fits the buffer.</returns>
    /// <exception cref="ArgumentException"><paramref name="cid"/> is the default value.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public ValueTask WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        CheckCid(cid, nameof(cid));
        var sectionLength = cid.Length + block.Length;
        var total = Varint.GetLength((ulong)sectionLength) + sectionLength;
        if (total <= _buffer.Length - _count)
        {
            _count += WriteSection(_buffer.AsSpan(_count), cid, block.Span);
            BytesWritten += total;
            BlocksWritten++;
            return default;
        }

        return WriteBlockSlowAsync(cid, block, total, cancellationToken);
    }

    /// <summary>Writes one block section.</summary>
    /// <param name="block">The block.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>A task that completes when the section is buffered or written.</returns>
    /// <exception cref="ArgumentException">The block's CID is the default value.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public ValueTask WriteBlockAsync(CarBlock block, CancellationToken cancellationToken = default) =>
        WriteBlockAsync(block.Cid, block.Bytes, cancellationToken);

    /// <summary>Writes the buffered bytes to the stream and flushes the stream.</summary>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>A task that completes when the stream has been flushed.</returns>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the buffered bytes to the stream (without flushing the stream) and returns the buffer. The stream is left open.</summary>
    /// <returns>A task that completes when the buffered bytes are written.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_buffer is null)
        {
            return;
        }

        try
        {
            await DrainAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            var buffer = _buffer;
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] EncodeHeader(IReadOnlyList<Cid> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var output = new ArrayBufferWriter<byte>(16 + (roots.Count * (Cid.BlessedLength + 5)));
        var cbor = new DagCborWriter(output);
        cbor.WriteMapHeader(2);
        cbor.WriteString("roots");
        cbor.WriteArrayHeader(roots.Count);
        foreach (var root in roots)
        {
            cbor.WriteCid(CheckCid(root, nameof(roots)));
        }

        cbor.WriteString("version");
        cbor.WriteInteger(1);
        return output.WrittenSpan.ToArray();
    }

    private static Cid CheckCid(Cid cid, string parameterName) =>
        cid.IsDefault ? throw new ArgumentException("A CAR block or root needs a CID, not the default value.", parameterName) : cid;

    private static int WriteSection(Span<byte> destination, Cid cid, ReadOnlySpan<byte> block)
    {
        var prefix = Varint.Write((ulong)(cid.Length + block.Length), destination);
        cid.Bytes.CopyTo(destination[prefix..]);
        block.CopyTo(destination[(prefix + cid.Length)..]);
        return prefix + cid.Length + block.Length;
    }

    private static async ValueTask<CarWriter> WriteLargeHeaderAsync(CarWriter writer, int prefix, byte[] header, CancellationToken cancellationToken)
    {
        try
        {
            writer._count = prefix;
            await writer.DrainAsync(cancellationToken).ConfigureAwait(false);
            await writer._stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            writer.BytesWritten = prefix + header.Length;
            return writer;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(writer._buffer!);
            writer._buffer = null;
            throw;
        }
    }

    private async ValueTask WriteBlockSlowAsync(Cid cid, ReadOnlyMemory<byte> block, int total, CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        if (total <= _buffer!.Length)
        {
            _count = WriteSection(_buffer, cid, block.Span);
        }
        else
        {
            // Larger than the buffer: the prefix and CID go through the buffer, the block straight to the stream.
            _count = Varint.Write((ulong)(cid.Length + block.Length), _buffer);
            cid.Bytes.CopyTo(_buffer.AsSpan(_count));
            _count += cid.Length;
            await DrainAsync(cancellationToken).ConfigureAwait(false);
            await _stream.WriteAsync(block, cancellationToken).ConfigureAwait(false);
        }

        BytesWritten += total;
        BlocksWritten++;
    }

    private async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (_count > 0)
        {
            var count = _count;
            _count = 0;
            await _stream.WriteAsync(_buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
    }
}
