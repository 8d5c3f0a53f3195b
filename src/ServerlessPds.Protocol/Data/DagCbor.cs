using System.Buffers;
using System.Text;

namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Encodes data model values as canonical DAG-CBOR and decodes them strictly: the bytes of a decoded value re-encode
/// to exactly the input, so every value has one encoding and one CID.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/data-model, "DAG-CBOR": map keys are strings sorted by UTF-8 length, then bytewise; no
/// duplicate keys; shortest forms; no floats; no indefinite lengths; only tag 42; nothing after the top-level item.
/// </remarks>
public static class DagCbor
{
    /// <summary>The deepest nesting of arrays and maps the decoder accepts.</summary>
    public const int MaxDepth = 128;

    /// <summary>Encodes <paramref name="value"/> as canonical DAG-CBOR.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The DAG-CBOR bytes.</returns>
    /// <exception cref="ArgumentException">A string holds a lone surrogate.</exception>
    public static byte[] Encode(DataValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(new DagCborWriter(buffer), value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Encodes <paramref name="value"/> and computes its CID.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The DAG-CBOR bytes and their CID.</returns>
    public static (byte[] Bytes, Cid Cid) EncodeBlock(DataValue value)
    {
        var bytes = Encode(value);
        return (bytes, Cid.ComputeDagCbor(bytes));
    }

    /// <summary>Writes <paramref name="value"/> with its map keys in canonical order.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The value.</param>
    public static void Write(DagCborWriter writer, DataValue value)
    {
        switch (value)
        {
            case DataNull:
                writer.WriteNull();
                break;
            case DataBoolean b:
                writer.WriteBoolean(b.Value);
                break;
            case DataInteger i:
                writer.WriteInteger(i.Value);
                break;
            case DataString s:
                writer.WriteString(s.Value);
                break;
            case DataBytes bytes:
                writer.WriteBytes(bytes.Value.Span);
                break;
            case DataLink link:
                writer.WriteCid(link.Cid);
                break;
            case DataArray array:
                writer.WriteArrayHeader(array.Items.Count);
                foreach (var item in array.Items)
                {
                    Write(writer, item);
                }

                break;
            case DataMap map:
                writer.WriteMapHeader(map.Count);
                foreach (var key in map.CanonicalKeys())
                {
                    writer.WriteString(key);
                    Write(writer, map.Entries[key]);
                }

                break;
            default:
                throw new ArgumentException($"Unknown data value {value.GetType().Name}.", nameof(value));
        }
    }

    /// <summary>Decodes one DAG-CBOR value that spans all of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The DAG-CBOR bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="DagCborFormatException">The bytes are not exactly one canonical data model value.</exception>
    public static DataValue Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new DagCborReader(bytes);
        var value = ReadValue(ref reader, 0);
        if (!reader.IsAtEnd)
        {
            throw DagCborReader.Error($"{bytes.Length - reader.Position} bytes follow the top-level item", reader.Position);
        }

        return value;
    }

    /// <summary>Compares two map keys in DAG-CBOR canonical order: shorter UTF-8 first, then bytewise.</summary>
    /// <param name="x">The first key.</param>
    /// <param name="y">The second key.</param>
    /// <returns>A negative number, zero or a positive number as <paramref name="x"/> sorts before, equal to or after <paramref name="y"/>.</returns>
    public static int CompareKeys(string? x, string? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byLength = Encoding.UTF8.GetByteCount(x).CompareTo(Encoding.UTF8.GetByteCount(y));
        if (byLength != 0)
        {
            return byLength;
        }

        // Ordinal UTF-16 order equals UTF-8 byte order except across the surrogate range; compare bytes to be exact.
        return Ascii.IsValid(x) && Ascii.IsValid(y)
            ? string.CompareOrdinal(x, y)
            : Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }

    /// <summary>Compares two map keys given as UTF-8 bytes in DAG-CBOR canonical order.</summary>
    /// <param name="x">The first key's UTF-8 bytes.</param>
    /// <param name="y">The second key's UTF-8 bytes.</param>
    /// <returns>A negative number, zero or a positive number as <paramref name="x"/> sorts before, equal to or after <paramref name="y"/>.</returns>
    public static int CompareKeys(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) =>
        x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);

    /// <summary>Reads one value at <paramref name="depth"/>, checking canonical key order.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="depth">The nesting depth of the value.</param>
    /// <returns>The value.</returns>
    internal static DataValue ReadValue(ref DagCborReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw DagCborReader.Error($"Nesting deeper than {MaxDepth}", reader.Position);
        }

        switch (reader.PeekKind())
        {
            case DataKind.Null:
                reader.ReadNull();
                return DataValue.Null;
            case DataKind.Boolean:
                return DataValue.From(reader.ReadBoolean());
            case DataKind.Integer:
                return new DataInteger(reader.ReadInteger());
            case DataKind.String:
                return new DataString(reader.ReadString());
            case DataKind.Bytes:
                return new DataBytes(reader.ReadBytes().ToArray());
            case DataKind.Link:
                return new DataLink(reader.ReadCid());
            case DataKind.Array:
            {
                var count = reader.ReadArrayHeader();
                var items = new DataValue[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = ReadValue(ref reader, depth + 1);
                }

                return new DataArray(items);
            }

            default:
            {
                var count = reader.ReadMapHeader();
                var entries = new KeyValuePair<string, DataValue>[count];
                ReadOnlySpan<byte> previous = default;
                for (var i = 0; i < count; i++)
                {
                    var keyStart = reader.Position;
                    if (reader.PeekKind() != DataKind.String)
                    {
                        throw DagCborReader.Error("Map keys must be text strings", keyStart);
                    }

                    var key = reader.ReadStringUtf8();
                    if (i > 0 && CompareKeys(previous, key) >= 0)
                    {
                        throw DagCborReader.Error(
                            CompareKeys(previous, key) == 0 ? "Duplicate map key" : "Map keys not in canonical order",
                            keyStart);
                    }

                    previous = key;
                    entries[i] = KeyValuePair.Create(Encoding.UTF8.GetString(key), ReadValue(ref reader, depth + 1));
                }

                return new DataMap(entries);
            }
        }
    }
}
