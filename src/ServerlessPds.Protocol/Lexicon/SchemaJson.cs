using System.Text.Json;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Reads typed fields of Lexicon schema JSON, throwing <see cref="LexiconFormatException"/> that names the location.</summary>
internal static class SchemaJson
{
    /// <summary>Creates the exception for a problem at <paramref name="path"/>.</summary>
    /// <param name="path">The location, e.g. <c>app.bsky.feed.post#main.record</c>.</param>
    /// <param name="message">What is wrong.</param>
    /// <returns>The exception.</returns>
    internal static LexiconFormatException Error(string path, string message) => new($"{path}: {message}.");

    /// <summary>Checks that <paramref name="json"/> is an object without duplicate keys.</summary>
    /// <param name="json">The value.</param>
    /// <param name="path">Its location.</param>
    internal static void RequireObject(JsonElement json, string path)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"must be a JSON object, not {Describe(json)}");
        }

        var count = 0;
        foreach (var _ in json.EnumerateObject())
        {
            count++;
        }

        if (count > 1)
        {
            var seen = new HashSet<string>(count, StringComparer.Ordinal);
            foreach (var property in json.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw Error(path, $"duplicate key \"{property.Name}\"");
                }
            }
        }
    }

    /// <summary>Gets a field that may be absent.</summary>
    /// <param name="json">The object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value when present.</param>
    /// <returns><see langword="true"/> if present; otherwise <see langword="false"/>.</returns>
    internal static bool TryGet(JsonElement json, string name, out JsonElement value) => json.TryGetProperty(name, out value);

    /// <summary>Reads an optional string field.</summary>
    /// <param name="json">The object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="path">The object's location.</param>
    /// <returns>The string, or <see langword="null"/> when absent.</returns>
    internal static string? OptionalString(JsonElement json, string name, string path)
    {
        if (!json.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Error($"{path}.{name}", $"must be a string, not {Describe(value)}");
    }

    /// <summary>Reads a required string field.</summary>
    /// <param name="json">The object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="path">The object's location.</param>
    /// <returns>The string.</returns>
    internal static string RequiredString(JsonElement json, string name, string path) =>
        OptionalString(json, name, path) ?? throw Error(path, $"the field \"{name}\" is required");

    /// <summary>Reads an optional boolean field.</summary>
    /// <param name="json">The object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="path">The object's location.</param>
    /// <returns>The boolean, or <see langword="null"/> when absent.</returns>
    internal static bool? OptionalBoolean(JsonElement json, string name, string path)
    {
        if (!json.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"{path}.{name}", $"must be a boolean, not {Describe(value)}"),
        };
    }

    /// <summary>Reads an optional integer field (a JSON number without fraction or exponent that fits 64 bits).</summary>
    /// <param name="json">The object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="path">The object's location.</param>
    /// <returns>The integer, or <see langword="null"/> when absent.</returns>
    internal static long? OptionalInteger(JsonElement json, string name, string path) =>
        json.TryGetProperty(name, out var value) ? Integer(value, $"{path}.{name}") : null;

    /// <summary>Reads an optional count (a non-negative integer that fits 32 bits), such as <c>maxLength</c>.</summary>
    /// <param name="json">The object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="path">The object's location.</param>
    /// <returns>The count, or <see langword="null"/> when absent.</returns>
    internal static int? OptionalCount(JsonElement json, string name, string path)
    {
        var value = OptionalInteger(json, name, path);
        return value is null ? null
            : value is >= 0 and <= int.MaxValue ? (int)value.Value
            : throw Error($"{path}.{name}", $"must be a non-negative integer of at most {int.MaxValue}");
    }

    /// <summary>Reads an integer value.</summary>
    /// <param name="value">The JSON value.</param>
    /// <param name="path">Its location.</param>
    /// <returns>The integer.</returns>
    internal static long Integer(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : throw Error(path, $"must be an integer, not {Describe(value)}");

    /// <summary>Reads an optional array of strings.</summary>
    /// <param name="json">The object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="path">The object's location.</param>
    /// <returns>The strings, or <see langword="null"/> when absent.</returns>
    internal static string[]? OptionalStringArray(JsonElement json, string name, string path)
    {
        if (!json.TryGetProperty(name, out var value))
        {
            return null;
        }

        var items = ArrayOf(value, $"{path}.{name}");
        var result = new string[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = items[i].ValueKind == JsonValueKind.String
                ? items[i].GetString()!
                : throw Error($"{path}.{name}[{i}]", $"must be a string, not {Describe(items[i])}");
        }

        return result;
    }

    /// <summary>Reads an optional array of integers.</summary>
    /// <param name="json">The object.</param>
    /// <param name="name">The field name.</param>
    /// <param name="path">The object's location.</param>
    /// <returns>The integers, or <see langword="null"/> when absent.</returns>
    internal static long[]? OptionalIntegerArray(JsonElement json, string name, string path)
    {
        if (!json.TryGetProperty(name, out var value))
        {
            return null;
        }

        var items = ArrayOf(value, $"{path}.{name}");
        var result = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            result[i] = Integer(items[i], $"{path}.{name}[{i}]");
        }

        return result;
    }

    /// <summary>Reads an array value.</summary>
    /// <param name="value">The JSON value.</param>
    /// <param name="path">Its location.</param>
    /// <returns>The elements.</returns>
    internal static JsonElement[] ArrayOf(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : throw Error(path, $"must be an array, not {Describe(value)}");

    /// <summary>Describes a JSON value's kind for messages.</summary>
    /// <param name="value">The value.</param>
    /// <returns>For example <c>a string</c> or <c>null</c>.</returns>
    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
