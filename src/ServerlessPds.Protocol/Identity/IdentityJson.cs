using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ServerlessPds.Protocol.Identity;

/// <summary>Strict readers for the JSON of PLC operations and DID documents: wrong value types fail with <see cref="FormatException"/>.</summary>
internal static class IdentityJson
{
    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false };

    /// <summary>Parses JSON text into a detached root element.</summary>
    public static JsonElement ParseRoot(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"The {what} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Parses UTF-8 JSON into a detached root element.</summary>
    public static JsonElement ParseRoot(ReadOnlySpan<byte> utf8Json, string what)
    {
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed != utf8Json.Length && !IsWhitespace(utf8Json[(int)reader.BytesConsumed..]))
            {
                throw new FormatException($"The {what} has data after its JSON value.");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new FormatException($"The {what} is not valid JSON: {e.Message}", e);
        }
    }

    public static void RequireObject(JsonElement json, string what)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The {what} must be a JSON object, not {Describe(json)}.");
        }
    }

    public static string RequiredString(JsonElement obj, string name, string what) =>
        obj.TryGetProperty(name, out var value)
            ? AsString(value, $"{what}.{name}")
            : throw new FormatException($"The {what} lacks the required string '{name}'.");

    public static string? OptionalString(JsonElement obj, string name, string what) =>
        obj.TryGetProperty(name, out var value) ? AsString(value, $"{what}.{name}") : null;

    public static string AsString(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"'{path}' must be a string, not {Describe(value)}.");

    public static List<string> StringArray(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"'{path}' must be an array of strings, not {Describe(value)}.");
        }

        var items = new List<string>(value.GetArrayLength());
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add(AsString(item, $"{path}[{i++}]"));
        }

        return items;
    }

    public static List<string> OptionalStringArray(JsonElement obj, string name, string what) =>
        obj.TryGetProperty(name, out var value) ? StringArray(value, $"{what}.{name}") : [];

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Writes JSON with <paramref name="write"/> and returns the text.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Returns a detached JSON string element.</summary>
    public static JsonElement StringElement(string value)
    {
        using var document = JsonDocument.Parse(Write(w => w.WriteStringValue(value)));
        return document.RootElement.Clone();
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
