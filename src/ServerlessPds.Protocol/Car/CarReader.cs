using System.Buffers;
using System.Runtime.CompilerServices;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Car;

/// <summary>
/// Reads a CAR v1 file from a stream, one block at a time, checking everything: the header (<c>version: 1</c>, a
/// <c>roots</c> array of CIDs, at most <see cref="CarReaderOptions.MaxHeaderBytes"/>), every section's length (not
/// zero, at most <see cref="CarReaderOptions.MaxBlockBytes"/> plus the CID, not past the end of the input) before
/// anything is allocated for it, and every block's SHA-256 against its CID.
/// </summary>
/// <remarks>
/// <para>
/// Layout: <c>varint(header length) ‖ DAG-CBOR {version: 1, roots: [CID…]}</c>, then sections
/// <c>varint(length of CID + block) ‖ binary CID ‖ block</c> until the end of the input. CIDs must be v1 with a
/// SHA-256 multihash and the DAG-CBOR or raw codec. Duplicate blocks are returned as they appear.
/// </para>
/// <para>
/// Memory: one pooled buffer (64 KiB to start). It grows only after it is full of input, so a section that claims more
/// bytes than the input holds never causes an allocation larger than twice the input actually read; when the stream can
/// seek, such a claim is rejected before reading at all. Each returned block owns a fresh array of its bytes.
/// </para>
/// <para>
/// Errors in the input throw <see cref="CarFormatException"/>; the stream's own exceptions (I/O, cancellation) pass
/// through. The reader does not own the stream. Not thread-safe. Spec: atproto.com/specs/repository, "CAR File
/// Serialization"; ipld.io CARv1.
/// </para>
/// </remarks>
public sealed class CarReader : IDisposable
{
    private const int InitialBufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly CarReaderOptions _options;
    private readonly long _inputLength;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private long _offset;
    private bool _endOfStream;
    private bool _enumerated;

    private CarReader(Stream stream, CarReaderOptions options, long inputLength)
    {
        _stream = stream;
        _options = options;
        _inputLength = inputLength;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    }

    /// <summary>Gets the root CIDs from the header, in order; an atproto repository CAR has one, its commit.</summary>
    public IReadOnlyList<Cid> Roots { get; private set; } = [];

    /// <summary>Gets the number of bytes of the CAR consumed so far: the header, then each section returned.</summary>
    public long BytesRead => _offset;

    /// <summary>Gets the number of blocks returned so far by <see cref="ReadBlocksAsync"/>.</summary>
    public int BlocksRead { get; private set; }

    /// <summary>Reads and checks the header of a CAR v1 stream.</summary>
    /// <param name="stream">A readable stream positioned at the start of the CAR; not disposed by the reader.</param>
    /// <param name="options">The limits, or <see langword="null"/> for <see cref="CarReaderOptions.Default"/>.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>A reader positioned at the first block; dispose it to return its buffer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot read.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is out of range.</exception>
    /// <exception cref="CarFormatException">The header is missing, truncated, too long, or not a CARv1 header.</exception>
    public static async ValueTask<CarReader> OpenAsync(Stream stream, CarReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot read.", nameof(stream));
        }

        options ??= CarReaderOptions.Default;
        options.Validate();
        var reader = new CarReader(stream, options, RemainingLength(stream));
        try
        {
            await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Reads a whole CAR v1 file held in memory, such as the <c>blocks</c> of a firehose <c>#commit</c> event.</summary>
    /// <param name="car">The CAR bytes.</param>
    /// <param name="options">The limits, or <see langword="null"/> for <see cref="CarReaderOptions.Default"/>.</param>
    /// <returns>The roots and the blocks, in file order, each block's bytes in a new array.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is out of range.</exception>
    /// <exception cref="CarFormatException">The bytes are not a well-formed CAR v1 file whose blocks match their CIDs.</exception>
    public static CarContents ReadAll(ReadOnlySpan<byte> car, CarReaderOptions? options = null)
    {
        options ??= CarReaderOptions.Default;
        options.Validate();
        if (car.IsEmpty)
        {
            throw new CarFormatException("the input is empty; a CAR starts with a header", 0);
        }

        var headerLength = CarSections.ReadLengthPrefix(car, 0, CarFormatException.HeaderIndex, out var prefix);
        var headerSize = CarSections.CheckHeaderLength(headerLength, 0, options, car.Length - prefix);
        var roots = CarSections.ParseHeader(car.Slice(prefix, headerSize), 0);
        var position = prefix + headerSize;
        var blocks = new List<CarBlock>();
        while (position < car.Length)
        {
            var index = blocks.Count;
            var rest = car[position..];
            var length = CarSections.ReadLengthPrefix(rest, position, index, out prefix);
            var size = CarSections.CheckSectionLength(length, position, index, options, rest.Length - prefix, rest[prefix..]);
            blocks.Add(CarSections.ParseSection(rest.Slice(prefix, size), position, index));
            position += prefix + size;
        }

        return new CarContents(roots, blocks);
    }

    /// <summary>Reads the blocks that follow the header, checking each one, until the end of the stream.</summary>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The blocks in file order; each block's bytes are a new array that the caller owns.</returns>
    /// <exception cref="InvalidOperationException">The blocks were already enumerated; a stream is read once.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    /// <exception cref="CarFormatException">
    /// A section is zero-length, too long, truncated or malformed, its CID is not SHA-256 DAG-CBOR or raw, or its block
    /// does not hash to its CID. Blocks before the bad section have been returned.
    /// </exception>
    public async IAsyncEnumerable<CarBlock> ReadBlocksAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_enumerated)
        {
            throw new InvalidOperationException("The blocks of a CAR stream can be enumerated only once.");
        }

        _enumerated = true;
        while (await FillAsync(1, cancellationToken).ConfigureAwait(false))
        {
            var block = await ReadSectionAsync(BlocksRead, cancellationToken).ConfigureAwait(false);
            BlocksRead++;
            yield return block;
        }
    }

    /// <summary>Returns the buffer to the pool. The stream is left open.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int Available => _end - _start;

    private ReadOnlySpan<byte> Window => _buffer.AsSpan(_start, _end - _start);

    private static long RemainingLength(Stream stream)
    {
        try
        {
            return stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : -1;
        }
        catch (NotSupportedException)
        {
            return -1;
        }
    }

    private long RemainingAfter(int prefix) => _inputLength < 0 ? -1 : Math.Max(0, _inputLength - _offset - prefix);

    private async ValueTask ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(Varint.MaxBytes, cancellationToken).ConfigureAwait(false) && Available == 0)
        {
            throw new CarFormatException("the input is empty; a CAR starts with a header", 0);
        }

        var length = CarSections.ReadLengthPrefix(Window, 0, CarFormatException.HeaderIndex, out var prefix);
        var size = CarSections.CheckHeaderLength(length, 0, _options, RemainingAfter(prefix));
        if (!await FillAsync(prefix + size, cancellationToken).ConfigureAwait(false))
        {
            throw new CarFormatException($"truncated: the header claims {size} bytes but only {Available - prefix} remain", 0);
        }

        Roots = CarSections.ParseHeader(Window.Slice(prefix, size), 0);
        Consume(prefix + size);
    }

    private async ValueTask<CarBlock> ReadSectionAsync(int index, CancellationToken cancellationToken)
    {
        var offset = _offset;
        await FillAsync(Varint.MaxBytes, cancellationToken).ConfigureAwait(false);
        var length = CarSections.ReadLengthPrefix(Window, offset, index, out var prefix);
        var size = CarSections.CheckSectionLength(length, offset, index, _options, RemainingAfter(prefix), Window[prefix..]);
        if (!await FillAsync(prefix + size, cancellationToken).ConfigureAwait(false))
        {
            throw CarSections.Truncated(length, Available - prefix, Window[prefix..], offset, index);
        }

        var block = CarSections.ParseSection(Window.Slice(prefix, size), offset, index);
        Consume(prefix + size);
        return block;
    }

    private void Consume(int count)
    {
        _start += count;
        _offset += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Reads until <paramref name="count"/> bytes are buffered or the stream ends.</summary>
    /// <returns><see langword="true"/> if <paramref name="count"/> bytes are available; <see langword="false"/> at the end of the stream.</returns>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        while (Available < count)
        {
            if (_endOfStream)
            {
                return false;
            }

            var buffer = _buffer!;
            if (buffer.Length - _start < count && _start > 0)
            {
                buffer.AsSpan(_start, Available).CopyTo(buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == buffer.Length)
            {
                // Full of input and still short: grow, at most doubling, so memory follows the bytes actually read.
                var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, 2L * buffer.Length));
                buffer.AsSpan(0, _end).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(buffer);
                _buffer = buffer = grown;
            }

            var read = await _stream.ReadAsync(buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return true;
    }
}
