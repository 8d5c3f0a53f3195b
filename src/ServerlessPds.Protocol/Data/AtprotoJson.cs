using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace ServerlessPds.Protocol.Data;

/// <summary>
/// Converts between the atproto data model and its JSON form: CID links as <c>{"$link": "bafy…"}</c>, bytes as
/// <c>{"$bytes": "&lt;base64, no padding&gt;"}</c>, blobs as maps with <c>$type: "blob"</c>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/data-model, "JSON Representation". Numbers must be integers (<c>123.0</c> reads as 123;
/// <c>1.5</c> is rejected); an object's <c>$type</c>, when present, is a non-empty string; <c>$link</c> and
/// <c>$bytes</c> objects have no other keys; a <c>blob</c> object has a <c>ref</c> link, a <c>mimeType</c> string and
/// an integer <c>size</c>. Failures throw <see cref="AtprotoJsonFormatException"/> naming the JSON path.
/// </remarks>
public static class AtprotoJson
{
    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false, SkipValidation = true };

    /// <summary>Converts a JSON object to a record value (the top level of a record must be an object).</summary>
    /// <param name="json">The JSON element.</param>
    /// <returns>The record as a map.</returns>
    /// <exception cref="AtprotoJsonFormatException">The JSON is not an object or not valid data model JSON.</exception>
    public static DataMap ToRecord(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object
            ? (DataMap)ToDataValue(json)
            : throw new AtprotoJsonFormatException($"A record must be a JSON object, not {json.ValueKind}.");

    /// <summary>Parses JSON text into a data model value.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="AtprotoJsonFormatException">The text is not JSON or not valid data model JSON.</exception>
    public static DataValue Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return ToDataValue(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new AtprotoJsonFormatException("Invalid JSON: " + e.Message);
        }
    }

    /// <summary>Converts a JSON element to a data model value.</summary>
    /// <param name="json">The JSON element.</param>
    /// <returns>The value.</returns>
    /// <exception cref="AtprotoJsonFormatException">The JSON is not valid data model JSON.</exception>
    public static DataValue ToDataValue(JsonElement json) => Convert(json, "$");

    /// <summary>Serializes a value as compact JSON text.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(DataValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a value in its JSON form; map keys are written in DAG-CBOR canonical order.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="value">The value.</param>
    public static void Write(Utf8JsonWriter writer, DataValue value)
    {
        switch (value)
        {
            case DataNull:
                writer.WriteNullValue();
                break;
            case DataBoolean b:
                writer.WriteBooleanValue(b.Value);
                break;
            case DataInteger i:
                writer.WriteNumberValue(i.Value);
                break;
            case DataString s:
                writer.WriteStringValue(s.Value);
                break;
            case DataBytes bytes:
                writer.WriteStartObject();
                writer.WriteString("$bytes", System.Convert.ToBase64String(bytes.Value.Span).TrimEnd('='));
                writer.WriteEndObject();
                break;
            case DataLink link:
                writer.WriteStartObject();
                writer.WriteString("$link", link.Cid.ToString());
                writer.WriteEndObject();
                break;
            case DataArray array:
                writer.WriteStartArray();
                foreach (var item in array.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case DataMap map:
                writer.WriteStartObject();
                foreach (var key in map.CanonicalKeys())
                {
                    writer.WritePropertyName(key);
                    Write(writer, map.Entries[key]);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unknown data value {value.GetType().Name}.", nameof(value));
        }
    }

    private static DataValue Convert(JsonElement json, string path)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Null:
                return DataValue.Null;
            case JsonValueKind.True:
                return DataBoolean.True;
            case JsonValueKind.False:
                return DataBoolean.False;
            case JsonValueKind.String:
                return new DataString(json.GetString()!);
            case JsonValueKind.Number:
                return new DataInteger(ToInteger(json, path));
            case JsonValueKind.Array:
                return new DataArray(json.EnumerateArray().Select((item, i) => Convert(item, $"{path}[{i}]")).ToList());
            case JsonValueKind.Object:
                return ConvertObject(json, path);
            default:
                throw new AtprotoJsonFormatException($"{path}: unsupported JSON value.");
        }
    }

    private static long ToInteger(JsonElement json, string path)
    {
        if (json.TryGetInt64(out var value))
        {
            return value;
        }

        if (json.TryGetDecimal(out var d) && decimal.Truncate(d) == d && d >= long.MinValue && d <= long.MaxValue)
        {
            return (long)d;
        }

        throw new AtprotoJsonFormatException($"{path}: {json.GetRawText()} is not an integer; the data model has no floats.");
    }

    private static DataValue ConvertObject(JsonElement json, string path)
    {
        if (json.TryGetProperty("$link", out var link))
        {
            RequireOnlyKey(json, "$link", path);
            if (link.ValueKind != JsonValueKind.String || !Cid.TryParse(link.GetString(), out var cid))
            {
                throw new AtprotoJsonFormatException($"{path}.$link: not a CID string.");
            }

            return new DataLink(cid);
        }

        if (json.TryGetProperty("$bytes", out var bytes))
        {
            RequireOnlyKey(json, "$bytes", path);
            return new DataBytes(DecodeBase64(bytes, path));
        }

        var entries = new List<KeyValuePair<string, DataValue>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new AtprotoJsonFormatException($"{path}: duplicate key '{property.Name}'.");
            }

            entries.Add(KeyValuePair.Create(property.Name, Convert(property.Value, $"{path}.{property.Name}")));
        }

        var map = new DataMap(entries);
        if (map.TryGetValue("$type", out var type))
        {
            if (type is not DataString { Value.Length: > 0 } typeName)
            {
                throw new AtprotoJsonFormatException($"{path}.$type: must be a non-empty string.");
            }

            if (typeName.Value == BlobRef.TypeName && !BlobRef.TryFromData(map, out _))
            {
                throw new AtprotoJsonFormatException($"{path}: a blob needs a 'ref' link, a 'mimeType' string and an integer 'size'.");
            }
        }

        return map;
    }

    private static void RequireOnlyKey(JsonElement json, string key, string path)
    {
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name != key)
            {
                throw new AtprotoJsonFormatException($"{path}: a {key} object may hold no other key, found '{property.Name}'.");
            }
        }
    }

    private static byte[] DecodeBase64(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new AtprotoJsonFormatException($"{path}.$bytes: must be a base64 string.");
        }

        // RFC 4648 base64 without padding (padding is tolerated). Unused low bits of the last character are ignored,
        // as the reference implementations and the interop vectors do.
        var text = value.GetString()!.TrimEnd('=');
        if (text.Length % 4 == 1)
        {
            throw new AtprotoJsonFormatException($"{path}.$bytes: not valid base64.");
        }

        var utf8 = Encoding.ASCII.GetBytes(text + new string('=', (4 - (text.Length % 4)) % 4));
        if (text.Length % 4 != 0)
        {
            var last = text.Length - 1;
            var index = Base64Alphabet.IndexOf((char)utf8[last], StringComparison.Ordinal);
            if (index >= 0)
            {
                utf8[last] = (byte)Base64Alphabet[index & (text.Length % 4 == 2 ? 0x30 : 0x3c)];
            }
        }

        var output = new byte[Base64.GetMaxDecodedFromUtf8Length(utf8.Length)];
        if (Base64.DecodeFromUtf8(utf8, output, out _, out var written) != OperationStatus.Done)
        {
            throw new AtprotoJsonFormatException($"{path}.$bytes: not valid base64.");
        }

        return output[..written];
    }

    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}
