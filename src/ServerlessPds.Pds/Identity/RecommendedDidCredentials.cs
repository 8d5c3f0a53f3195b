using System.Buffers;
using System.Text;
using System.Text.Json;
using ServerlessPds.Protocol.Identity;

namespace ServerlessPds.Pds.Identity;

/// <summary>
/// The DID credentials this server wants in an account's DID document, as
/// <c>com.atproto.identity.getRecommendedDidCredentials</c> returns them: the PLC rotation keys (only for
/// <c>did:plc</c>), the <c>at://</c> handle alias, the <c>atproto</c> signing key and the <c>atproto_pds</c> service,
/// in the shape of a PLC operation's fields.
/// </summary>
/// <remarks>Lexicon: com.atproto.identity.getRecommendedDidCredentials (output). Spec: atproto.com/guides/account-migration.</remarks>
/// <param name="RotationKeys">The <c>did:key</c> rotation keys, or <see langword="null"/> for a <c>did:web</c> (the field is then omitted).</param>
/// <param name="AlsoKnownAs">The aliases, e.g. <c>["at://alice.example.com"]</c>.</param>
/// <param name="VerificationMethods">The verification methods, e.g. <c>{"atproto": "did:key:z…"}</c>.</param>
/// <param name="Services">The services, e.g. <c>{"atproto_pds": {"type": "AtprotoPersonalDataServer", "endpoint": "https://…"}}</c>.</param>
public sealed record RecommendedDidCredentials(
    IReadOnlyList<string>? RotationKeys,
    IReadOnlyList<string> AlsoKnownAs,
    IReadOnlyDictionary<string, string> VerificationMethods,
    IReadOnlyDictionary<string, PlcService> Services)
{
    /// <summary>Returns the lexicon output as compact JSON.</summary>
    /// <returns>An object with <c>rotationKeys</c> (when set), <c>alsoKnownAs</c>, <c>verificationMethods</c> and <c>services</c>.</returns>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the lexicon output as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (RotationKeys is not null)
        {
            WriteStrings(writer, "rotationKeys", RotationKeys);
        }

        WriteStrings(writer, "alsoKnownAs", AlsoKnownAs);
        writer.WriteStartObject("verificationMethods");
        foreach (var (id, key) in VerificationMethods)
        {
            writer.WriteString(id, key);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("services");
        foreach (var (id, service) in Services)
        {
            writer.WriteStartObject(id);
            writer.WriteString("type", service.Type);
            writer.WriteString("endpoint", service.Endpoint);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
