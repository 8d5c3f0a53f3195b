using System.Text.Json;
using ServerlessPds.Protocol.Syntax;
using static ServerlessPds.Protocol.Lexicon.SchemaJson;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Reads Lexicon documents from JSON and checks the schema language strictly.</summary>
/// <remarks>Spec: atproto.com/specs/lexicon. Errors name their location as <c>&lt;nsid&gt;#&lt;def&gt;.field.field</c>.</remarks>
internal static partial class LexiconParser
{
    /// <summary>Reads and checks a whole document.</summary>
    /// <param name="json">The document's root value.</param>
    /// <returns>The document.</returns>
    internal static LexiconDocument ParseDocument(JsonElement json)
    {
        RequireObject(json, "document");
        if (!json.TryGetProperty("lexicon", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt64(out var v) || v != LexiconDocument.LexiconVersion)
        {
            throw Error("lexicon", $"must be the integer {LexiconDocument.LexiconVersion}");
        }

        var idText = RequiredString(json, "id", "document");
        if (!Nsid.TryParse(idText, out var id))
        {
            throw Error("id", $"\"{idText}\" is not a valid NSID");
        }

        var revision = OptionalInteger(json, "revision", "document");
        if (revision < 0)
        {
            throw Error("revision", "must not be negative");
        }

        var description = OptionalString(json, "description", "document");
        if (!json.TryGetProperty("defs", out var defsJson))
        {
            throw Error("document", "the field \"defs\" is required");
        }

        RequireObject(defsJson, "defs");
        var defs = new Dictionary<string, LexiconType>(StringComparer.Ordinal);
        foreach (var def in defsJson.EnumerateObject())
        {
            if (!LexiconReference.IsValidDefName(def.Name))
            {
                throw Error($"defs.{def.Name}", "a definition name must be an ASCII letter followed by letters, digits or underscores");
            }

            defs.Add(def.Name, ParseDef(def.Value, def.Name, id.Value));
        }

        return new LexiconDocument(id, revision, description, defs);
    }

    private static LexiconType ParseDef(JsonElement json, string name, string documentId)
    {
        var path = $"{documentId}#{name}";
        RequireObject(json, path);
        var type = RequiredString(json, "type", path);
        switch (type)
        {
            case LexiconRecord.Name or LexiconQuery.Name or LexiconProcedure.Name or LexiconSubscription.Name or LexiconPermissionSet.Name:
                if (name != LexiconReference.MainName)
                {
                    throw Error(path, $"{Article(type)} {type} definition must be named \"main\"");
                }

                return ParsePrimary(json, type, path, documentId);
            case LexiconRef.Name or LexiconUnion.Name or LexiconUnknown.Name or LexiconParams.Name or "permission":
                throw Error(path, $"{Article(type)} {type} can not be a named definition");
            case LexiconToken.Name:
                return new LexiconToken(name == LexiconReference.MainName ? documentId : path, path)
                {
                    Description = OptionalString(json, "description", path),
                };
            default:
                return ParseField(json, path, Place.Def, documentId);
        }
    }

    private static LexiconType ParseField(JsonElement json, string path, Place place, string documentId)
    {
        RequireObject(json, path);
        var type = RequiredString(json, "type", path);
        if (!Allowed(type, out var places))
        {
            throw Error(path, $"unknown type \"{type}\"");
        }

        if ((places & place) == 0)
        {
            throw Error(path, $"{Article(type)} {type} is not allowed {DescribePlace(place)}");
        }

        var description = OptionalString(json, "description", path);
        return type switch
        {
            LexiconNull.Name => new LexiconNull { Description = description },
            LexiconBoolean.Name => new LexiconBoolean
            {
                Description = description,
                Default = OptionalBoolean(json, "default", path),
                Const = OptionalBoolean(json, "const", path),
            },
            LexiconInteger.Name => ParseInteger(json, path, description),
            LexiconString.Name => ParseString(json, path, description),
            LexiconBytes.Name => ParseBytes(json, path, description),
            LexiconCidLink.Name => new LexiconCidLink { Description = description },
            LexiconBlob.Name => ParseBlob(json, path, description),
            LexiconUnknown.Name => new LexiconUnknown { Description = description },
            LexiconArray.Name => ParseArray(json, path, place == Place.Param ? Place.ParamItems : Place.Items, documentId, description),
            LexiconObject.Name => ParseObject(json, path, documentId, description),
            LexiconRef.Name => ParseRef(json, path, documentId, description),
            _ => ParseUnion(json, path, documentId, description),
        };
    }

    private static bool Allowed(string type, out Place places)
    {
        const Place fields = Place.Property | Place.Items;
        const Place parameters = Place.Param | Place.ParamItems;
        places = type switch
        {
            LexiconNull.Name => Place.Def | fields,
            LexiconBoolean.Name or LexiconInteger.Name or LexiconString.Name => Place.Def | fields | parameters,
            LexiconUnknown.Name => fields | parameters,
            LexiconBytes.Name or LexiconCidLink.Name or LexiconBlob.Name => Place.Def | fields,
            LexiconArray.Name => Place.Def | fields | Place.Param,
            LexiconObject.Name => Place.Def | fields | Place.Body,
            LexiconRef.Name => fields | Place.Body,
            LexiconUnion.Name => fields | Place.Body | Place.Message,
            LexiconToken.Name or LexiconParams.Name or LexiconRecord.Name or LexiconQuery.Name or LexiconProcedure.Name
                or LexiconSubscription.Name or LexiconPermissionSet.Name or "permission" => Place.None,
            _ => (Place)(-1),
        };
        return places != (Place)(-1);
    }

    private static string Article(string type) => type != LexiconUnion.Name && type[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a";

    private static string DescribePlace(Place place) => place switch
    {
        Place.Def => "as a named definition",
        Place.Property => "as an object property",
        Place.Items => "as array items",
        Place.Param => "as a parameter (only boolean, integer, string, unknown or an array of those)",
        Place.ParamItems => "as the items of a parameter array (only boolean, integer, string or unknown)",
        Place.Body => "as a body schema (only object, ref or union)",
        _ => "as a message schema (only union)",
    };

    private static LexiconInteger ParseInteger(JsonElement json, string path, string? description)
    {
        var result = new LexiconInteger
        {
            Description = description,
            Minimum = OptionalInteger(json, "minimum", path),
            Maximum = OptionalInteger(json, "maximum", path),
            Enum = OptionalIntegerArray(json, "enum", path),
            Const = OptionalInteger(json, "const", path),
            Default = OptionalInteger(json, "default", path),
        };
        if (result.Minimum > result.Maximum)
        {
            throw Error(path, $"minimum {result.Minimum} is greater than maximum {result.Maximum}");
        }

        foreach (var (name, value) in new[] { ("const", result.Const), ("default", result.Default) })
        {
            if (value < result.Minimum || value > result.Maximum || (value is { } x && result.Enum is { } e && !e.Contains(x)))
            {
                throw Error($"{path}.{name}", $"{value} is outside the type's own minimum, maximum or enum");
            }
        }

        return result;
    }

    private static LexiconString ParseString(JsonElement json, string path, string? description)
    {
        var format = OptionalString(json, "format", path);
        if (format is not null && !LexiconStringFormats.IsKnown(format))
        {
            throw Error($"{path}.format", $"unknown string format \"{format}\"");
        }

        var result = new LexiconString
        {
            Description = description,
            Format = format,
            MinLength = OptionalCount(json, "minLength", path),
            MaxLength = OptionalCount(json, "maxLength", path),
            MinGraphemes = OptionalCount(json, "minGraphemes", path),
            MaxGraphemes = OptionalCount(json, "maxGraphemes", path),
            Enum = OptionalStringArray(json, "enum", path),
            Const = OptionalString(json, "const", path),
            Default = OptionalString(json, "default", path),
            KnownValues = OptionalStringArray(json, "knownValues", path),
        };
        CheckRange(path, "minLength", result.MinLength, "maxLength", result.MaxLength);
        CheckRange(path, "minGraphemes", result.MinGraphemes, "maxGraphemes", result.MaxGraphemes);
        foreach (var (name, value) in new[] { ("const", result.Const), ("default", result.Default) })
        {
            if (value is not null && result.Enum is { } e && !e.Contains(value))
            {
                throw Error($"{path}.{name}", $"\"{value}\" is not in the type's own enum");
            }
        }

        return result;
    }

    private static LexiconBytes ParseBytes(JsonElement json, string path, string? description)
    {
        var result = new LexiconBytes
        {
            Description = description,
            MinLength = OptionalCount(json, "minLength", path),
            MaxLength = OptionalCount(json, "maxLength", path),
        };
        CheckRange(path, "minLength", result.MinLength, "maxLength", result.MaxLength);
        return result;
    }

    private static LexiconBlob ParseBlob(JsonElement json, string path, string? description)
    {
        var accept = OptionalStringArray(json, "accept", path);
        for (var i = 0; accept is not null && i < accept.Length; i++)
        {
            if (!IsMimePattern(accept[i]))
            {
                throw Error($"{path}.accept[{i}]", $"\"{accept[i]}\" is not a MIME type or pattern like image/* or */*");
            }
        }

        var maxSize = OptionalInteger(json, "maxSize", path);
        return maxSize < 0
            ? throw Error($"{path}.maxSize", "must not be negative")
            : new LexiconBlob { Description = description, Accept = accept, MaxSize = maxSize };
    }

    private static LexiconArray ParseArray(JsonElement json, string path, Place itemsPlace, string documentId, string? description)
    {
        if (!json.TryGetProperty("items", out var items))
        {
            throw Error(path, "the field \"items\" is required");
        }

        var result = new LexiconArray(ParseField(items, path + ".items", itemsPlace, documentId))
        {
            Description = description,
            MinLength = OptionalCount(json, "minLength", path),
            MaxLength = OptionalCount(json, "maxLength", path),
        };
        CheckRange(path, "minLength", result.MinLength, "maxLength", result.MaxLength);
        return result;
    }

    private static void CheckRange(string path, string minName, int? min, string maxName, int? max)
    {
        if (min > max)
        {
            throw Error(path, $"{minName} {min} is greater than {maxName} {max}");
        }
    }

    private static bool IsMimePattern(string pattern)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        if (pattern == "*/*")
        {
            return true;
        }

        if (slash <= 0 || slash == pattern.Length - 1 || !IsMimeToken(pattern.AsSpan(0, slash)))
        {
            return false;
        }

        var subtype = pattern.AsSpan(slash + 1);
        return subtype is "*" || IsMimeToken(subtype);
    }

    private static bool IsMimeToken(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$&^_.+-".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
