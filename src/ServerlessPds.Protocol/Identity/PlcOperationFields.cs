using System.Collections.ObjectModel;
using System.Text.Json;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// The validated data fields of a <see cref="PlcOperation"/>, and the rules and JSON reading that produce them.
/// </summary>
/// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("How it works": field rules).</remarks>
internal sealed record PlcOperationFields(
    IReadOnlyList<string> RotationKeys,
    IReadOnlyDictionary<string, string> VerificationMethods,
    IReadOnlyList<string> AlsoKnownAs,
    IReadOnlyDictionary<string, PlcService> Services,
    string? Prev)
{
    /// <summary>The fields a <c>plc_operation</c> JSON object may have besides <c>sig</c>.</summary>
    public static readonly IReadOnlySet<string> JsonFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "rotationKeys", "verificationMethods", "alsoKnownAs", "services", "prev",
    };

    /// <summary>Reads and validates the fields of a <c>plc_operation</c> JSON object.</summary>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    /// <exception cref="FormatException">A field is missing or of the wrong JSON type.</exception>
    public static string? TryRead(JsonElement json, out PlcOperationFields? fields)
    {
        if (!json.TryGetProperty("rotationKeys", out var rotationKeysJson)
            || !json.TryGetProperty("verificationMethods", out var methodsJson)
            || !json.TryGetProperty("alsoKnownAs", out var alsoKnownAsJson)
            || !json.TryGetProperty("services", out var servicesJson)
            || !json.TryGetProperty("prev", out var prevJson))
        {
            throw new FormatException("A PLC operation must have rotationKeys, verificationMethods, alsoKnownAs, services and prev.");
        }

        var rotationKeys = IdentityJson.StringArray(rotationKeysJson, "rotationKeys");
        var alsoKnownAs = IdentityJson.StringArray(alsoKnownAsJson, "alsoKnownAs");
        var methods = ReadMap(methodsJson, "verificationMethods", (value, path) => IdentityJson.AsString(value, path));
        var services = ReadMap(servicesJson, "services", ReadService);
        var prev = prevJson.ValueKind == JsonValueKind.Null ? null : IdentityJson.AsString(prevJson, "prev");
        return TryCreate(rotationKeys, methods, alsoKnownAs, services, prev, out fields);
    }

    /// <summary>Validates the fields (see the rules on <see cref="PlcOperation"/>).</summary>
    /// <returns><see langword="null"/> when valid; otherwise why not.</returns>
    public static string? TryCreate(
        IEnumerable<string> rotationKeys,
        IEnumerable<KeyValuePair<string, string>> verificationMethods,
        IEnumerable<string> alsoKnownAs,
        IEnumerable<KeyValuePair<string, PlcService>> services,
        string? prev,
        out PlcOperationFields? fields)
    {
        fields = null;
        var candidates = rotationKeys.ToList();
        if (candidates.Count is 0 or > PlcOperation.MaxRotationKeys)
        {
            return $"an operation has 1 to {PlcOperation.MaxRotationKeys} rotation keys, not {candidates.Count}";
        }

        var keys = new List<string>(candidates.Count);
        foreach (var key in candidates)
        {
            if (key is null || keys.Contains(key, StringComparer.Ordinal))
            {
                return key is null ? "a rotation key is null" : $"rotation key {key} is listed twice";
            }

            try
            {
                _ = PublicKey.FromDidKey(key);
            }
            catch (KeyFormatException e)
            {
                return $"rotation key '{Clip(key)}' is not a K-256 or P-256 did:key ({e.Message})";
            }

            keys.Add(key);
        }

        var methods = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, key) in verificationMethods)
        {
            if (string.IsNullOrEmpty(id) || id.Contains('#', StringComparison.Ordinal))
            {
                return $"verification method id '{Clip(id ?? string.Empty)}' must be non-empty without '#'";
            }

            if (key is null || !key.StartsWith(PublicKey.DidKeyPrefix, StringComparison.Ordinal) || key.Length == PublicKey.DidKeyPrefix.Length)
            {
                return $"verification method '{id}' must be a did:key";
            }

            if (!methods.TryAdd(id, key))
            {
                return $"verification method '{id}' is listed twice";
            }
        }

        if (methods.Count > PlcOperation.MaxVerificationMethods)
        {
            return $"an operation has at most {PlcOperation.MaxVerificationMethods} verification methods, not {methods.Count}";
        }

        var serviceMap = new Dictionary<string, PlcService>(StringComparer.Ordinal);
        foreach (var (id, service) in services)
        {
            if (string.IsNullOrEmpty(id) || id.Contains('#', StringComparison.Ordinal) || service is null)
            {
                return $"service '{Clip(id ?? string.Empty)}' must have a non-empty id without '#' and a value";
            }

            if (service.Type is null || service.Endpoint is null)
            {
                return $"service '{id}' must have a type and an endpoint";
            }

            if (!serviceMap.TryAdd(id, service))
            {
                return $"service '{id}' is listed twice";
            }
        }

        var aliases = alsoKnownAs.ToList();
        if (aliases.Any(a => a is null))
        {
            return "an alsoKnownAs entry is null";
        }

        if (prev is not null && (!Cid.TryParse(prev, out var prevCid) || prevCid.ToString() != prev))
        {
            return $"prev '{Clip(prev)}' is not a canonical CID string";
        }

        fields = new PlcOperationFields(
            keys.AsReadOnly(),
            new ReadOnlyDictionary<string, string>(methods),
            aliases.AsReadOnly(),
            new ReadOnlyDictionary<string, PlcService>(serviceMap),
            prev);
        return null;
    }

    private static List<KeyValuePair<string, T>> ReadMap<T>(JsonElement json, string path, Func<JsonElement, string, T> read)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"'{path}' must be an object, not {IdentityJson.Describe(json)}.");
        }

        return json.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, read(p.Value, $"{path}.{p.Name}"))).ToList();
    }

    private static PlcService ReadService(JsonElement json, string path)
    {
        IdentityJson.RequireObject(json, $"service '{path}'");
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name is not ("type" or "endpoint"))
            {
                throw new FormatException($"The service '{path}' has an unknown field '{property.Name}'.");
            }
        }

        return new PlcService(
            IdentityJson.RequiredString(json, "type", $"service '{path}'"),
            IdentityJson.RequiredString(json, "endpoint", $"service '{path}'"));
    }

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
