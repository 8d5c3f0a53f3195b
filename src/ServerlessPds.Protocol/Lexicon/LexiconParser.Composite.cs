using System.Text.Json;
using static ServerlessPds.Protocol.Lexicon.SchemaJson;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>Objects, params, refs and unions.</summary>
internal static partial class LexiconParser
{
    private static LexiconObject ParseObject(JsonElement json, string path, string documentId, string? description)
    {
        var properties = ParseProperties(json, path, Place.Property, documentId);
        var required = NamesOf(json, "required", path, properties);
        var nullable = NamesOf(json, "nullable", path, properties);
        return new LexiconObject(properties, required, nullable) { Description = description };
    }

    private static LexiconParams ParseParams(JsonElement json, string path, string documentId)
    {
        RequireObject(json, path);
        var type = RequiredString(json, "type", path);
        if (type != LexiconParams.Name)
        {
            throw Error(path, $"must be a params definition (\"type\": \"params\"), not {type}");
        }

        var properties = ParseProperties(json, path, Place.Param, documentId);
        var required = NamesOf(json, "required", path, properties);
        return new LexiconParams(properties, required) { Description = OptionalString(json, "description", path) };
    }

    private static Dictionary<string, LexiconType> ParseProperties(JsonElement json, string path, Place place, string documentId)
    {
        if (!json.TryGetProperty("properties", out var propertiesJson))
        {
            throw Error(path, "the field \"properties\" is required");
        }

        RequireObject(propertiesJson, path + ".properties");
        var properties = new Dictionary<string, LexiconType>(StringComparer.Ordinal);
        foreach (var property in propertiesJson.EnumerateObject())
        {
            var propertyPath = $"{path}.properties.{property.Name}";
            if (property.Name.Length == 0)
            {
                throw Error(propertyPath, "a property name must not be empty");
            }

            properties.Add(property.Name, ParseField(property.Value, propertyPath, place, documentId));
        }

        return properties;
    }

    private static string[] NamesOf(JsonElement json, string field, string path, Dictionary<string, LexiconType> properties)
    {
        var names = OptionalStringArray(json, field, path) ?? [];
        for (var i = 0; i < names.Length; i++)
        {
            if (!properties.ContainsKey(names[i]))
            {
                throw Error($"{path}.{field}[{i}]", $"\"{names[i]}\" is not a declared property");
            }

            if (Array.IndexOf(names, names[i]) != i)
            {
                throw Error($"{path}.{field}[{i}]", $"\"{names[i]}\" is listed twice");
            }
        }

        return names;
    }

    private static LexiconRef ParseRef(JsonElement json, string path, string documentId, string? description)
    {
        var reference = RequiredString(json, "ref", path);
        var target = LexiconReference.Normalize(reference, documentId)
            ?? throw Error($"{path}.ref", $"\"{reference}\" is not a reference (nsid, nsid#name or #name)");
        return new LexiconRef(reference, target) { Description = description };
    }

    private static LexiconUnion ParseUnion(JsonElement json, string path, string documentId, string? description)
    {
        var refs = OptionalStringArray(json, "refs", path) ?? throw Error(path, "the field \"refs\" is required");
        var targets = new string[refs.Length];
        for (var i = 0; i < refs.Length; i++)
        {
            targets[i] = LexiconReference.Normalize(refs[i], documentId)
                ?? throw Error($"{path}.refs[{i}]", $"\"{refs[i]}\" is not a reference (nsid, nsid#name or #name)");
            if (Array.IndexOf(targets, targets[i], 0, i) >= 0)
            {
                throw Error($"{path}.refs[{i}]", $"\"{refs[i]}\" is listed twice");
            }
        }

        return new LexiconUnion(refs, targets, OptionalBoolean(json, "closed", path) ?? false) { Description = description };
    }
}
