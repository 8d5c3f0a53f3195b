using System.Text.Json;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using static ServerlessPds.Protocol.Lexicon.SchemaJson;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>The primary types: record, query, procedure, subscription and permission-set.</summary>
internal static partial class LexiconParser
{
    private const string LiteralKeyPrefix = "literal:";

    private static LexiconType ParsePrimary(JsonElement json, string type, string path, string documentId)
    {
        var description = OptionalString(json, "description", path);
        return type switch
        {
            LexiconRecord.Name => ParseRecord(json, path, documentId, description),
            LexiconQuery.Name => new LexiconQuery
            {
                Description = description,
                Parameters = OptionalParams(json, path, documentId),
                Output = OptionalBody(json, "output", path, documentId),
                Errors = ParseErrors(json, path),
            },
            LexiconProcedure.Name => new LexiconProcedure
            {
                Description = description,
                Parameters = OptionalParams(json, path, documentId),
                Input = OptionalBody(json, "input", path, documentId),
                Output = OptionalBody(json, "output", path, documentId),
                Errors = ParseErrors(json, path),
            },
            LexiconSubscription.Name => ParseSubscription(json, path, documentId, description),
            _ => ParsePermissionSet(json, path, description),
        };
    }

    private static LexiconRecord ParseRecord(JsonElement json, string path, string documentId, string? description)
    {
        var key = RequiredString(json, "key", path);
        LexiconRecordKeyType keyType;
        string? literal = null;
        if (key.StartsWith(LiteralKeyPrefix, StringComparison.Ordinal))
        {
            keyType = LexiconRecordKeyType.Literal;
            literal = key[LiteralKeyPrefix.Length..];
            if (!RecordKey.IsValid(literal))
            {
                throw Error($"{path}.key", $"\"{literal}\" is not a valid record key");
            }
        }
        else
        {
            keyType = key switch
            {
                "tid" => LexiconRecordKeyType.Tid,
                "nsid" => LexiconRecordKeyType.Nsid,
                "any" => LexiconRecordKeyType.Any,
                _ => throw Error($"{path}.key", $"\"{key}\" is not a record key type (tid, nsid, any or literal:<key>)"),
            };
        }

        if (!json.TryGetProperty("record", out var recordJson))
        {
            throw Error(path, "the field \"record\" is required");
        }

        var recordPath = path + ".record";
        RequireObject(recordJson, recordPath);
        if (OptionalString(recordJson, "type", recordPath) != LexiconObject.Name)
        {
            throw Error(recordPath, "must be an object definition (\"type\": \"object\")");
        }

        var record = ParseObject(recordJson, recordPath, documentId, OptionalString(recordJson, "description", recordPath));
        return new LexiconRecord(key, keyType, literal, record) { Description = description };
    }

    private static LexiconSubscription ParseSubscription(JsonElement json, string path, string documentId, string? description)
    {
        LexiconUnion? message = null;
        string? messageDescription = null;
        if (json.TryGetProperty("message", out var messageJson))
        {
            var messagePath = path + ".message";
            RequireObject(messageJson, messagePath);
            messageDescription = OptionalString(messageJson, "description", messagePath);
            if (!messageJson.TryGetProperty("schema", out var schema))
            {
                throw Error(messagePath, "the field \"schema\" is required");
            }

            message = (LexiconUnion)ParseField(schema, messagePath + ".schema", Place.Message, documentId);
        }

        return new LexiconSubscription
        {
            Description = description,
            Parameters = OptionalParams(json, path, documentId),
            Message = message,
            MessageDescription = messageDescription,
            Errors = ParseErrors(json, path),
        };
    }

    private static LexiconParams? OptionalParams(JsonElement json, string path, string documentId) =>
        json.TryGetProperty("parameters", out var parameters) ? ParseParams(parameters, path + ".parameters", documentId) : null;

    private static LexiconBody? OptionalBody(JsonElement json, string field, string path, string documentId)
    {
        if (!json.TryGetProperty(field, out var body))
        {
            return null;
        }

        var bodyPath = $"{path}.{field}";
        RequireObject(body, bodyPath);
        var encoding = RequiredString(body, "encoding", bodyPath);
        if (encoding.Length == 0)
        {
            throw Error($"{bodyPath}.encoding", "must not be empty");
        }

        var schema = body.TryGetProperty("schema", out var schemaJson)
            ? ParseField(schemaJson, bodyPath + ".schema", Place.Body, documentId)
            : null;
        return new LexiconBody(encoding, schema, OptionalString(body, "description", bodyPath));
    }

    private static LexiconMethodError[] ParseErrors(JsonElement json, string path)
    {
        if (!json.TryGetProperty("errors", out var errorsJson))
        {
            return [];
        }

        var items = ArrayOf(errorsJson, path + ".errors");
        var errors = new LexiconMethodError[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var errorPath = $"{path}.errors[{i}]";
            RequireObject(items[i], errorPath);
            var name = RequiredString(items[i], "name", errorPath);
            errors[i] = name.Length > 0
                ? new LexiconMethodError(name, OptionalString(items[i], "description", errorPath))
                : throw Error(errorPath + ".name", "must not be empty");
        }

        return errors;
    }

    private static LexiconPermissionSet ParsePermissionSet(JsonElement json, string path, string? description)
    {
        if (!json.TryGetProperty("permissions", out var permissionsJson))
        {
            throw Error(path, "the field \"permissions\" is required");
        }

        var items = ArrayOf(permissionsJson, path + ".permissions");
        var permissions = new LexiconPermission[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            permissions[i] = ParsePermission(items[i], $"{path}.permissions[{i}]");
        }

        return new LexiconPermissionSet(permissions)
        {
            Description = description,
            Title = OptionalString(json, "title", path),
            TitleLang = ParseLangMap(json, "title:lang", path),
            Detail = OptionalString(json, "detail", path),
            DetailLang = ParseLangMap(json, "detail:lang", path),
        };
    }

    private static LexiconPermission ParsePermission(JsonElement json, string path)
    {
        RequireObject(json, path);
        if (RequiredString(json, "type", path) != "permission")
        {
            throw Error($"{path}.type", "must be \"permission\"");
        }

        var resource = RequiredString(json, "resource", path);
        if (resource.Length == 0)
        {
            throw Error($"{path}.resource", "must not be empty");
        }

        var parameters = new Dictionary<string, DataValue>(StringComparer.Ordinal);
        foreach (var field in json.EnumerateObject())
        {
            if (field.Name is not ("type" or "resource"))
            {
                parameters.Add(field.Name, PermissionValue(field.Value, $"{path}.{field.Name}", allowArray: true));
            }
        }

        return new LexiconPermission(resource, parameters);
    }

    private static DataValue PermissionValue(JsonElement value, string path, bool allowArray) => value.ValueKind switch
    {
        JsonValueKind.String => DataValue.From(value.GetString()!),
        JsonValueKind.True => DataValue.From(true),
        JsonValueKind.False => DataValue.From(false),
        JsonValueKind.Number => DataValue.From(Integer(value, path)),
        JsonValueKind.Array when allowArray =>
            new DataArray(value.EnumerateArray().Select((item, i) => PermissionValue(item, $"{path}[{i}]", allowArray: false))),
        _ => throw Error(path, $"must be a string, integer, boolean{(allowArray ? " or an array of those" : string.Empty)}, not {Describe(value)}"),
    };

    private static Dictionary<string, string> ParseLangMap(JsonElement json, string field, string path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!json.TryGetProperty(field, out var map))
        {
            return result;
        }

        var mapPath = $"{path}.{field}";
        RequireObject(map, mapPath);
        foreach (var entry in map.EnumerateObject())
        {
            if (!LanguageTag.IsValid(entry.Name))
            {
                throw Error(mapPath, $"\"{entry.Name}\" is not a language tag");
            }

            result.Add(entry.Name, entry.Value.ValueKind == JsonValueKind.String
                ? entry.Value.GetString()!
                : throw Error($"{mapPath}.{entry.Name}", $"must be a string, not {Describe(entry.Value)}"));
        }

        return result;
    }
}
