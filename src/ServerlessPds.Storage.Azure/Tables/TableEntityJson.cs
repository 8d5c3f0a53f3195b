using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>
/// Writes and reads entities in the Table service's JSON format (OData v3 <c>minimalmetadata</c>): values whose type JSON
/// cannot carry get a <c>Name@odata.type</c> annotation (Edm.Int64 as a string, Edm.Double, Edm.DateTime, Edm.Guid,
/// Edm.Binary as base64); strings, Int32 and Booleans are plain JSON.
/// </summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/payload-format-for-table-service-operations
/// ("JSON format (application/json) (versions 2013-08-15 and later)", "Property types in a JSON feed").</remarks>
internal static class TableEntityJson
{
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const string TypeSuffix = "@odata.type";

    /// <summary>Checks the entity against <see cref="TableLimits"/>.</summary>
    /// <exception cref="StorageEntityTooLargeException">A property or the entity is too large, or it has too many properties.</exception>
    public static void Validate(TableEntity entity, string operation, int? operationIndex = null)
    {
        if (entity.Properties.Count > TableLimits.MaxCustomProperties)
        {
            throw new StorageEntityTooLargeException(
                $"{operation}: the entity has {entity.Properties.Count} properties; the limit is {TableLimits.MaxCustomProperties} custom properties (TableLimits.MaxCustomProperties).",
                errorCode: "TooManyProperties", failedOperationIndex: operationIndex);
        }

        foreach (var (name, value) in entity.Properties)
        {
            if (value is string s && s.Length > TableLimits.MaxStringPropertyChars)
            {
                throw new StorageEntityTooLargeException(
                    $"{operation}: string property '{name}' has {s.Length} characters; the limit is {TableLimits.MaxStringPropertyChars} (TableLimits.MaxStringPropertyChars).",
                    errorCode: "PropertyValueTooLarge", failedOperationIndex: operationIndex);
            }

            if (value is byte[] b && b.Length > TableLimits.MaxBinaryPropertyBytes)
            {
                throw new StorageEntityTooLargeException(
                    $"{operation}: binary property '{name}' has {b.Length} bytes; the limit is {TableLimits.MaxBinaryPropertyBytes} (TableLimits.MaxBinaryPropertyBytes).",
                    errorCode: "PropertyValueTooLarge", failedOperationIndex: operationIndex);
            }
        }

        var size = entity.EstimateSizeBytes();
        if (size > TableLimits.MaxEntityBytes)
        {
            throw new StorageEntityTooLargeException(
                $"{operation}: the entity is about {size} bytes; the limit is {TableLimits.MaxEntityBytes} (TableLimits.MaxEntityBytes).",
                errorCode: "EntityTooLarge", failedOperationIndex: operationIndex);
        }
    }

    /// <summary>Serializes the entity (PartitionKey, RowKey, then the custom properties) as UTF-8 JSON.</summary>
    public static byte[] Serialize(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, entity);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the entity as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        foreach (var (name, value) in entity.Properties)
        {
            switch (value)
            {
                case string s:
                    writer.WriteString(name, s);
                    break;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                case long l:
                    writer.WriteString(name + TypeSuffix, "Edm.Int64");
                    writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                    break;
                case double d:
                    writer.WriteString(name + TypeSuffix, "Edm.Double");
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber(name, d);
                    }
                    else
                    {
                        writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    }

                    break;
                case DateTimeOffset t:
                    writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                    writer.WriteString(name, t.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
                    break;
                case Guid g:
                    writer.WriteString(name + TypeSuffix, "Edm.Guid");
                    writer.WriteString(name, g.ToString("D"));
                    break;
                case byte[] bytes:
                    writer.WriteString(name + TypeSuffix, "Edm.Binary");
                    writer.WriteBase64String(name, bytes);
                    break;
                default:
                    throw new InvalidOperationException($"Property '{name}' has unsupported type {value.GetType().Name}.");
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one entity object from a service response.</summary>
    /// <exception cref="StorageException">The object lacks PartitionKey or RowKey, or a value does not match its annotation.</exception>
    /// <param name="element">The entity object.</param>
    /// <param name="etagHeader">The <c>ETag</c> response header of a point read, if any (else <c>odata.etag</c> is used).</param>
    /// <param name="knownKeys">The keys of a point read, used when a <c>$select</c> left them out of the body.</param>
    public static TableEntity Read(JsonElement element, string? etagHeader = null, (string PartitionKey, string RowKey)? knownKeys = null)
    {
        string? partitionKey = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("PartitionKey", out var pk)
            && pk.ValueKind == JsonValueKind.String ? pk.GetString() : knownKeys?.PartitionKey;
        string? rowKey = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("RowKey", out var rk)
            && rk.ValueKind == JsonValueKind.String ? rk.GetString() : knownKeys?.RowKey;
        if (partitionKey is null || rowKey is null)
        {
            throw new StorageException("The Table service returned an entity without PartitionKey or RowKey.", 200, "InvalidResponse");
        }

        var entity = new TableEntity(partitionKey, rowKey);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
            {
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name is "PartitionKey" or "RowKey" || name.Contains('@', StringComparison.Ordinal)
                || name.StartsWith("odata.", StringComparison.Ordinal) || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (name == "Timestamp")
            {
                if (ReadValue(name, property.Value, "Edm.DateTime") is DateTimeOffset timestamp)
                {
                    entity.Timestamp = timestamp;
                }

                continue;
            }

            var value = ReadValue(name, property.Value, types.GetValueOrDefault(name));

            entity.SetFromService(name, value);
        }

        var etag = etagHeader ?? (element.TryGetProperty("odata.etag", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null);
        if (etag is not null)
        {
            entity.ETag = new ETag(etag);
        }

        return entity;
    }

    private static object ReadValue(string name, JsonElement value, string? edmType)
    {
        try
        {
            return edmType switch
            {
                "Edm.Int64" => value.ValueKind == JsonValueKind.String
                    ? long.Parse(value.GetString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
                    : value.GetInt64(),
                "Edm.Int32" => value.GetInt32(),
                "Edm.Double" => value.ValueKind == JsonValueKind.String ? ParseSpecialDouble(value.GetString()!) : value.GetDouble(),
                "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                "Edm.Guid" => Guid.Parse(value.GetString()!),
                "Edm.Binary" => value.GetBytesFromBase64(),
                "Edm.Boolean" => value.GetBoolean(),
                "Edm.String" => value.GetString()!,
                null => value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()!,
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => IsIntegralText(value.GetRawText()) && value.TryGetInt32(out var i) ? i : (object)value.GetDouble(),
                    _ => throw new FormatException($"unexpected JSON {value.ValueKind}"),
                },
                _ => throw new FormatException($"unknown type {edmType}"),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException)
        {
            throw new StorageException($"The Table service returned property '{name}' in an unexpected form ({ex.Message}).", 200,
                "InvalidResponse", innerException: ex);
        }
    }

    private static bool IsIntegralText(string raw) => raw.AsSpan().IndexOfAny(".eE") < 0;

    private static double ParseSpecialDouble(string text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "INF" => double.PositiveInfinity,
        "-Infinity" or "-INF" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
