using System.Text.Json;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// A <c>service</c> entry of a DID document, e.g. <c>{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer",
/// "serviceEndpoint": "https://pds.example.com"}</c>.
/// </summary>
/// <remarks>
/// DID Core lets <c>serviceEndpoint</c> be a URL string, a map or a set; all three parse and are kept as JSON in
/// <see cref="ServiceEndpoint"/>, and <see cref="Endpoint"/> gives the string form that atproto uses.
/// Spec: atproto.com/specs/did ("DID Documents", service endpoints).
/// </remarks>
public sealed class DidService
{
    /// <summary>Initializes a new instance with a URL endpoint.</summary>
    /// <param name="id">The service id, e.g. <c>#atproto_pds</c> or <c>did:web:example.com#atproto_pds</c>.</param>
    /// <param name="type">The service type, e.g. <c>AtprotoPersonalDataServer</c>.</param>
    /// <param name="endpoint">The endpoint URL.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public DidService(string id, string type, string endpoint)
        : this(id, type, IdentityJson.StringElement(endpoint ?? throw new ArgumentNullException(nameof(endpoint))))
    {
    }

    private DidService(string id, string type, JsonElement serviceEndpoint)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(type);
        Id = id;
        Type = type;
        ServiceEndpoint = serviceEndpoint;
    }

    /// <summary>Gets the service id (a DID URL fragment, possibly relative).</summary>
    public string Id { get; }

    /// <summary>Gets the service type.</summary>
    public string Type { get; }

    /// <summary>Gets the <c>serviceEndpoint</c> value as JSON: a string, an object or an array.</summary>
    public JsonElement ServiceEndpoint { get; }

    /// <summary>Gets the endpoint when it is a string (the atproto form), otherwise <see langword="null"/>.</summary>
    public string? Endpoint => ServiceEndpoint.ValueKind == JsonValueKind.String ? ServiceEndpoint.GetString() : null;

    /// <summary>Reads an entry; unknown fields are ignored.</summary>
    internal static DidService ReadJson(JsonElement json, string path)
    {
        IdentityJson.RequireObject(json, path);
        var id = IdentityJson.RequiredString(json, "id", path);
        var type = IdentityJson.RequiredString(json, "type", path);
        if (!json.TryGetProperty("serviceEndpoint", out var endpoint)
            || endpoint.ValueKind is not (JsonValueKind.String or JsonValueKind.Object or JsonValueKind.Array))
        {
            throw new FormatException($"'{path}.serviceEndpoint' must be a string, an object or an array.");
        }

        return new DidService(id, type, endpoint.Clone());
    }

    /// <summary>Writes the entry as a JSON object.</summary>
    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("type", Type);
        writer.WritePropertyName("serviceEndpoint");
        ServiceEndpoint.WriteTo(writer);
        writer.WriteEndObject();
    }
}
