using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Writes DAG-CBOR items in their shortest canonical form into a growable buffer. The caller writes map keys in
/// canonical order (<see cref="DagCbor.CompareKeys(string, string)"/>); <see cref="DagCbor.Encode"/> does that for data model values.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/data-model, "DAG-CBOR": shortest integer and length forms, definite lengths only, no floats,
/// CID links as tag 42 over a byte string that starts with the 0x00 multibase identity prefix.
/// </remarks>
public sealed class DagCborWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Initializes a new instance that writes to <paramref name="output"/>.</summary>
    /// <param name="output">The destination.</param>
    public DagCborWriter(IBufferWriter<byte> output) => _output = output;

    /// <summary>Writes null (0xf6).</summary>
    public void WriteNull() => WriteByte(0xf6);

    /// <summary>Writes a boolean (0xf4 or 0xf5).</summary>
    /// <param name="value">The boolean.</param>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)0xf5 : (byte)0xf4);

    /// <summary>Writes a signed integer in major type 0 or 1.</summary>
    /// <param name="value">The integer.</param>
    public void WriteInteger(long value)
    {
        if (value >= 0)
        {
            WriteHead(0, (ulong)value);
        }
        else
        {
            WriteHead(1, (ulong)(-1 - value));
        }
    }

    /// <summary>Writes a text string.</summary>
    /// <param name="value">The string; must be valid Unicode.</param>
    /// <exception cref="ArgumentException">The string holds a lone surrogate.</exception>
    public void WriteString(string value)
    {
        var length = Strict.GetByteCount(value);
        WriteHead(3, (ulong)length);
        var span = _output.GetSpan(length);
        Strict.GetBytes(value, span);
        _output.Advance(length);
    }

    /// <summary>Writes a text string given as UTF-8 bytes (not checked).</summary>
    /// <param name="utf8">The UTF-8 bytes.</param>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteHead(3, (ulong)utf8.Length);
        _output.Write(utf8);
    }

    /// <summary>Writes a byte string.</summary>
    /// <param name="value">The bytes.</param>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteHead(2, (ulong)value.Length);
        _output.Write(value);
    }

    /// <summary>Writes a CID link: tag 42 over a byte string holding 0x00 followed by the binary CID.</summary>
    /// <param name="cid">The CID.</param>
    public void WriteCid(Cid cid)
    {
        var bytes = cid.Bytes;
        var span = _output.GetSpan(2 + 9 + 1 + bytes.Length);
        span[0] = 0xd8;
        span[1] = 42;
        var head = WriteHead(span[2..], 2, (ulong)bytes.Length + 1);
        span[2 + head] = 0;
        bytes.CopyTo(span[(3 + head)..]);
        _output.Advance(3 + head + bytes.Length);
    }

    /// <summary>Writes the head of a map with <paramref name="count"/> entries; the entries follow, keys in canonical order.</summary>
    /// <param name="count">The number of entries.</param>
    public void WriteMapHeader(int count) => WriteHead(5, (ulong)count);

    /// <summary>Writes the head of an array with <paramref name="count"/> items.</summary>
    /// <param name="count">The number of items.</param>
    public void WriteArrayHeader(int count) => WriteHead(4, (ulong)count);

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private void WriteByte(byte b)
    {
        _output.GetSpan(1)[0] = b;
        _output.Advance(1);
    }

    private void WriteHead(int major, ulong argument)
    {
        var span = _output.GetSpan(9);
        _output.Advance(WriteHead(span, major, argument));
    }

    private static int WriteHead(Span<byte> span, int major, ulong argument)
    {
        var m = (byte)(major << 5);
        if (argument < 24)
        {
            span[0] = (byte)(m | (byte)argument);
            return 1;
        }

        if (argument <= byte.MaxValue)
        {
            span[0] = (byte)(m | 24);
            span[1] = (byte)argument;
            return 2;
        }

        if (argument <= ushort.MaxValue)
        {
            span[0] = (byte)(m | 25);
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)argument);
            return 3;
        }

        if (argument <= uint.MaxValue)
        {
            span[0] = (byte)(m | 26);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)argument);
            return 5;
        }

        span[0] = (byte)(m | 27);
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], argument);
        return 9;
    }
}
