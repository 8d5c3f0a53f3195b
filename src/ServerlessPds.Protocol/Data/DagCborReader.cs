using System.Buffers.Binary;
using System.Text;

namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Reads canonical DAG-CBOR items one at a time from a span, rejecting every non-canonical or non-data-model form.
/// Map key order is checked by callers that read maps item by item (<see cref="DagCbor.Decode"/> checks it).
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/data-model, "DAG-CBOR". Rejected: indefinite lengths, non-shortest integer or length heads,
/// floats and simple values other than false/true/null, tags other than 42, integers outside the signed 64-bit range,
/// invalid UTF-8, lengths and counts larger than the remaining input. Every failure throws
/// <see cref="DagCborFormatException"/>.
/// </remarks>
public ref struct DagCborReader
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Initializes a new reader over <paramref name="data"/>.</summary>
    /// <param name="data">The DAG-CBOR bytes.</param>
    public DagCborReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Gets the offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>Gets a value indicating whether every byte has been read.</summary>
    public readonly bool IsAtEnd => _position >= _data.Length;

    /// <summary>Returns the kind of the next item without consuming it.</summary>
    /// <returns>The kind.</returns>
    /// <exception cref="DagCborFormatException">The input ended or the next byte starts no data model item.</exception>
    public readonly DataKind PeekKind()
    {
        var b = Peek();
        return (b >> 5) switch
        {
            0 or 1 => DataKind.Integer,
            2 => DataKind.Bytes,
            3 => DataKind.String,
            4 => DataKind.Array,
            5 => DataKind.Map,
            6 => DataKind.Link,
            _ => b switch
            {
                0xf4 or 0xf5 => DataKind.Boolean,
                0xf6 => DataKind.Null,
                _ => throw Error(b is 0xf9 or 0xfa or 0xfb ? "Floats are not allowed in the atproto data model" : $"Simple value 0x{b:x2} is not allowed", _position),
            },
        };
    }

    /// <summary>Reads null.</summary>
    /// <exception cref="DagCborFormatException">The next item is not null.</exception>
    public void ReadNull()
    {
        if (Peek() != 0xf6)
        {
            throw Error("Expected null", _position);
        }

        _position++;
    }

    /// <summary>Reads null if it is next.</summary>
    /// <returns><see langword="true"/> if a null was read; otherwise <see langword="false"/> and nothing is consumed.</returns>
    public bool TryReadNull()
    {
        if (_position < _data.Length && _data[_position] == 0xf6)
        {
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>Reads a boolean.</summary>
    /// <returns>The boolean.</returns>
    /// <exception cref="DagCborFormatException">The next item is not a boolean.</exception>
    public bool ReadBoolean()
    {
        var b = Peek();
        if (b is not (0xf4 or 0xf5))
        {
            throw Error("Expected a boolean", _position);
        }

        _position++;
        return b == 0xf5;
    }

    /// <summary>Reads an integer (major type 0 or 1) in the signed 64-bit range.</summary>
    /// <returns>The integer.</returns>
    /// <exception cref="DagCborFormatException">The next item is not an integer, is not shortest, or is out of range.</exception>
    public long ReadInteger()
    {
        var start = _position;
        var major = Peek() >> 5;
        if (major > 1)
        {
            throw Error("Expected an integer", start);
        }

        var argument = ReadHead(out _);
        if (argument > long.MaxValue)
        {
            throw Error("Integer outside the signed 64-bit range", start);
        }

        return major == 0 ? (long)argument : -1 - (long)argument;
    }

    /// <summary>Reads a text string.</summary>
    /// <returns>The string.</returns>
    /// <exception cref="DagCborFormatException">The next item is not a text string or is not valid UTF-8.</exception>
    public string ReadString()
    {
        var start = _position;
        var utf8 = ReadStringUtf8();
        try
        {
            return Strict.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw Error("Invalid UTF-8 in a text string", start);
        }
    }

    /// <summary>Reads a text string's raw UTF-8 bytes, checking that they are valid UTF-8.</summary>
    /// <returns>The bytes, a slice of the input.</returns>
    /// <exception cref="DagCborFormatException">The next item is not a text string or is not valid UTF-8.</exception>
    public ReadOnlySpan<byte> ReadStringUtf8()
    {
        var start = _position;
        var bytes = ReadSized(3, "Expected a text string");
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw Error("Invalid UTF-8 in a text string", start);
        }

        return bytes;
    }

    /// <summary>Reads a byte string.</summary>
    /// <returns>The bytes, a slice of the input.</returns>
    /// <exception cref="DagCborFormatException">The next item is not a byte string.</exception>
    public ReadOnlySpan<byte> ReadBytes() => ReadSized(2, "Expected a byte string");

    /// <summary>Reads a CID link: tag 42 over a byte string of 0x00 and a binary CID.</summary>
    /// <returns>The CID.</returns>
    /// <exception cref="DagCborFormatException">The next item is not a well-formed CID link.</exception>
    public Cid ReadCid()
    {
        var start = _position;
        if (Peek() >> 5 != 6)
        {
            throw Error("Expected a CID link (tag 42)", start);
        }

        var tag = ReadHead(out _);
        if (tag != 42)
        {
            throw Error($"Tag {tag} is not allowed; only tag 42 (CID)", start);
        }

        var content = ReadSized(2, "Tag 42 must wrap a byte string");
        if (content.Length == 0 || content[0] != 0)
        {
            throw Error("A CID link must start with the 0x00 multibase prefix", start);
        }

        if (!Cid.TryRead(content[1..], out var cid, out var read) || read != content.Length - 1)
        {
            throw Error("Malformed CID in a link", start);
        }

        return cid;
    }

    /// <summary>Reads the head of a map.</summary>
    /// <returns>The number of entries; each is a text key followed by a value.</returns>
    /// <exception cref="DagCborFormatException">The next item is not a map or claims more entries than bytes remain.</exception>
    public int ReadMapHeader() => ReadCount(5, 2, "Expected a map");

    /// <summary>Reads the head of an array.</summary>
    /// <returns>The number of items.</returns>
    /// <exception cref="DagCborFormatException">The next item is not an array or claims more items than bytes remain.</exception>
    public int ReadArrayHeader() => ReadCount(4, 1, "Expected an array");

    /// <summary>Skips one whole item, checking it as strictly as reading it would.</summary>
    /// <param name="depth">The nesting depth already entered; items deeper than <see cref="DagCbor.MaxDepth"/> are rejected.</param>
    /// <exception cref="DagCborFormatException">The item is malformed or nested too deep.</exception>
    public void Skip(int depth = 0) => DagCbor.ReadValue(ref this, depth);

    /// <summary>Creates an exception for a problem at <paramref name="offset"/>.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="offset">The byte offset.</param>
    /// <returns>The exception, to throw.</returns>
    internal static DagCborFormatException Error(string message, int offset) => new(message, offset);

    private readonly byte Peek()
    {
        if (_position >= _data.Length)
        {
            throw Error("Unexpected end of input", _position);
        }

        return _data[_position];
    }

    private int ReadCount(int major, int minBytesPerItem, string what)
    {
        var start = _position;
        if (Peek() >> 5 != major)
        {
            throw Error(what, start);
        }

        var count = ReadHead(out _);
        if (count > (ulong)((_data.Length - _position) / minBytesPerItem))
        {
            throw Error($"Length {count} exceeds the remaining input", start);
        }

        return (int)count;
    }

    private ReadOnlySpan<byte> ReadSized(int major, string what)
    {
        var start = _position;
        if (Peek() >> 5 != major)
        {
            throw Error(what, start);
        }

        var length = ReadHead(out _);
        if (length > (ulong)(_data.Length - _position))
        {
            throw Error($"Length {length} exceeds the remaining input", start);
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    private ulong ReadHead(out int major)
    {
        var start = _position;
        var initial = _data[_position++];
        major = initial >> 5;
        var info = initial & 0x1f;
        if (info < 24)
        {
            return (ulong)info;
        }

        var size = info switch
        {
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            31 => throw Error("Indefinite lengths are not allowed", start),
            _ => throw Error($"Reserved additional information {info}", start),
        };
        if (_data.Length - _position < size)
        {
            throw Error("Unexpected end of input in an item head", start);
        }

        var slice = _data.Slice(_position, size);
        _position += size;
        var (value, minimum) = size switch
        {
            1 => ((ulong)slice[0], 24UL),
            2 => ((ulong)BinaryPrimitives.ReadUInt16BigEndian(slice), 0x100UL),
            4 => ((ulong)BinaryPrimitives.ReadUInt32BigEndian(slice), 0x1_0000UL),
            _ => (BinaryPrimitives.ReadUInt64BigEndian(slice), 0x1_0000_0000UL),
        };
        if (value < minimum)
        {
            throw Error("Integer or length not in its shortest form", start);
        }

        return value;
    }
}
