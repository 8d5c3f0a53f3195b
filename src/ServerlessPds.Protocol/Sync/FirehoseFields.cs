using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Sync;

/// <summary>
/// Strict readers and writers of firehose body fields: each reader throws <see cref="FirehoseFormatException"/> naming
/// the field when it is missing or has the wrong type or syntax.
/// </summary>
internal static class FirehoseFields
{
    public static DataValue Require(DataMap map, string key) =>
        map.TryGetValue(key, out var value) ? value : throw new FirehoseFormatException($"Required field '{key}' is missing.");

    public static long RequireInteger(DataMap map, string key) =>
        Require(map, key) is DataInteger i ? i.Value : throw WrongType(key, "an integer");

    public static bool RequireBoolean(DataMap map, string key) =>
        Require(map, key) is DataBoolean b ? b.Value : throw WrongType(key, "a boolean");

    public static string RequireString(DataMap map, string key) =>
        Require(map, key) is DataString s ? s.Value : throw WrongType(key, "a string");

    public static string? OptionalString(DataMap map, string key) => map[key] switch
    {
        null => null,
        DataString s => s.Value,
        _ => throw WrongType(key, "a string"),
    };

    public static ReadOnlyMemory<byte> RequireBytes(DataMap map, string key, int maxLength)
    {
        var bytes = Require(map, key) is DataBytes b ? b.Value : throw WrongType(key, "bytes");
        return bytes.Length > maxLength
            ? throw new FirehoseFormatException($"Field '{key}' holds {bytes.Length} bytes, more than the {maxLength} allowed.")
            : bytes;
    }

    public static Cid RequireLink(DataMap map, string key) =>
        Require(map, key) is DataLink l ? l.Cid : throw WrongType(key, "a CID link");

    /// <summary>Reads a field that must be present and is a link or null.</summary>
    public static Cid? RequireNullableLink(DataMap map, string key) => Require(map, key) switch
    {
        DataNull => null,
        DataLink l => l.Cid,
        _ => throw WrongType(key, "a CID link or null"),
    };

    /// <summary>Reads a field that may be absent and is a link when present.</summary>
    public static Cid? OptionalLink(DataMap map, string key) => map[key] switch
    {
        null => null,
        DataLink l => l.Cid,
        _ => throw WrongType(key, "a CID link"),
    };

    public static IReadOnlyList<DataValue> RequireArray(DataMap map, string key, int maxLength)
    {
        var items = Require(map, key) is DataArray a ? a.Items : throw WrongType(key, "an array");
        return items.Count > maxLength
            ? throw new FirehoseFormatException($"Field '{key}' holds {items.Count} items, more than the {maxLength} allowed.")
            : items;
    }

    public static Did RequireDid(DataMap map, string key) => ParseField(key, RequireString(map, key), Did.Parse);

    public static Tid RequireTid(DataMap map, string key) => ParseField(key, RequireString(map, key), Tid.Parse);

    public static AtprotoDatetime RequireDatetime(DataMap map, string key) =>
        ParseField(key, RequireString(map, key), AtprotoDatetime.Parse);

    public static T ParseField<T>(string key, string value, Func<string, T> parse)
    {
        try
        {
            return parse(value);
        }
        catch (FormatException e)
        {
            throw new FirehoseFormatException($"Field '{key}' is malformed: {e.Message}", e);
        }
    }

    public static KeyValuePair<string, DataValue> Entry(string key, DataValue value) => KeyValuePair.Create(key, value);

    public static DataValue Link(Cid? cid) => cid is { } c ? DataValue.From(c) : DataValue.Null;

    private static FirehoseFormatException WrongType(string key, string expected) =>
        new($"Field '{key}' must be {expected}.");
}
