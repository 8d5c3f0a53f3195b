using System.Text.Json;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// A DID document as atproto reads it: the DID (<c>id</c>), aliases (<c>alsoKnownAs</c>), public keys
/// (<c>verificationMethod</c>) and services (<c>service</c>), with accessors for the three atproto facts: the
/// <see cref="Handle"/>, the repo <see cref="SigningKey"/> and the <see cref="PdsEndpoint"/>. Immutable.
/// </summary>
/// <remarks>
/// Parsing is strict on the types of the fields atproto uses (a wrong type is a <see cref="FormatException"/>) and
/// lenient on everything else: unknown fields, other verification method and service types, and missing optional
/// arrays are accepted. The accessors return <see langword="null"/> when their entry is absent or unusable. Whether
/// <see cref="Id"/> is the DID that was resolved is for the caller to check.
/// Spec: atproto.com/specs/did ("DID Documents"), atproto.com/specs/handle, W3C DID Core.
/// </remarks>
public sealed class DidDocument
{
    /// <summary>The fragment of the atproto signing key's verification method.</summary>
    public const string AtprotoKeyFragment = "#atproto";

    /// <summary>The fragment of the atproto PDS service.</summary>
    public const string AtprotoPdsFragment = "#atproto_pds";

    /// <summary>The prefix of handle aliases in <c>alsoKnownAs</c>.</summary>
    public const string AtUriPrefix = "at://";

    /// <summary>Initializes a new instance.</summary>
    /// <param name="id">The DID the document describes.</param>
    /// <param name="alsoKnownAs">The aliases, e.g. <c>at://alice.example.com</c>, in priority order.</param>
    /// <param name="verificationMethods">The public keys.</param>
    /// <param name="services">The services.</param>
    /// <param name="context">The <c>@context</c> entries; <see langword="null"/> for <see cref="AtprotoContext"/>.</param>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="context"/> is <see langword="null"/>, or an item is.</exception>
    public DidDocument(
        Did id,
        IEnumerable<string> alsoKnownAs,
        IEnumerable<DidVerificationMethod> verificationMethods,
        IEnumerable<DidService> services,
        IEnumerable<string>? context = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        Id = id;
        AlsoKnownAs = NoNulls(alsoKnownAs, nameof(alsoKnownAs));
        VerificationMethods = NoNulls(verificationMethods, nameof(verificationMethods));
        Services = NoNulls(services, nameof(services));
        Context = context is null ? AtprotoContext : NoNulls(context, nameof(context));
        Handle = HandleFromAlsoKnownAs(AlsoKnownAs);
        SigningKey = VerificationMethods.FirstOrDefault(m => IsFragment(m.Id, AtprotoKeyFragment))?.ToPublicKey();
    }

    /// <summary>
    /// Gets the <c>@context</c> written into atproto DID documents: DID v1, Multikey v1 and the secp256k1-2019 suite.
    /// </summary>
    public static IReadOnlyList<string> AtprotoContext { get; } =
        ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1", "https://w3id.org/security/suites/secp256k1-2019/v1"];

    /// <summary>Gets the <c>@context</c> entries that are strings (JSON-LD context objects are not kept).</summary>
    public IReadOnlyList<string> Context { get; }

    /// <summary>Gets the DID the document describes (<c>id</c>).</summary>
    public Did Id { get; }

    /// <summary>Gets the aliases (<c>alsoKnownAs</c>) in priority order.</summary>
    public IReadOnlyList<string> AlsoKnownAs { get; }

    /// <summary>Gets the public keys (<c>verificationMethod</c>).</summary>
    public IReadOnlyList<DidVerificationMethod> VerificationMethods { get; }

    /// <summary>Gets the services (<c>service</c>).</summary>
    public IReadOnlyList<DidService> Services { get; }

    /// <summary>
    /// Gets the claimed handle: from the first <c>alsoKnownAs</c> entry that starts with <c>at://</c>, when the rest
    /// of it is exactly a valid handle; otherwise (no such entry, or it has a path or bad syntax) <see langword="null"/>.
    /// The claim still needs bidirectional verification (the handle must resolve back to <see cref="Id"/>).
    /// </summary>
    /// <remarks>Only the first <c>at://</c> entry counts, as across the network. Spec: atproto.com/specs/did, atproto.com/specs/handle.</remarks>
    public Handle? Handle { get; }

    /// <summary>
    /// Gets the atproto signing key: the first verification method whose id is <c>#atproto</c> or
    /// <c>&lt;id&gt;#atproto</c>, decoded per its type (<c>Multikey</c> or a legacy secp256k1/secp256r1 suite); or
    /// <see langword="null"/> when absent or not decodable (the account is then unusable).
    /// </summary>
    public PublicKey? SigningKey { get; }

    /// <summary>
    /// Gets the PDS URL: the first service whose id is <c>#atproto_pds</c> or <c>&lt;id&gt;#atproto_pds</c>, when its
    /// type is <c>AtprotoPersonalDataServer</c> and its endpoint an absolute http(s) URL with a host; otherwise
    /// <see langword="null"/>.
    /// </summary>
    public Uri? PdsEndpoint
    {
        get
        {
            var service = Services.FirstOrDefault(s => IsFragment(s.Id, AtprotoPdsFragment));
            if (service is null || service.Type != PlcService.AtprotoPdsType || service.Endpoint is not { } endpoint)
            {
                return null;
            }

            return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                && uri.Host.Length > 0
                    ? uri
                    : null;
        }
    }

    /// <summary>Builds the DID document of an atproto account.</summary>
    /// <param name="did">The account's DID.</param>
    /// <param name="handle">The handle, written as <c>at://&lt;handle&gt;</c>; <see langword="null"/> for none.</param>
    /// <param name="signingKey">The repo signing key, written as the <c>Multikey</c> method <c>&lt;did&gt;#atproto</c>.</param>
    /// <param name="pdsEndpoint">The PDS URL (scheme, host and port only), written as service <c>#atproto_pds</c>.</param>
    /// <returns>The document, with <see cref="AtprotoContext"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="handle"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The endpoint is not a bare http(s) origin.</exception>
    public static DidDocument CreateAtproto(Did did, Handle? handle, PublicKey signingKey, Uri pdsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(signingKey);
        return new DidDocument(
            did,
            handle is null ? [] : [AtUriPrefix + handle.Value],
            [DidVerificationMethod.Multikey(did.Value + AtprotoKeyFragment, did.Value, signingKey)],
            [new DidService(AtprotoPdsFragment, PlcService.AtprotoPdsType, PlcService.FormatServiceEndpoint(pdsEndpoint))]);
    }

    /// <summary>Parses a DID document.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">
    /// The text is not JSON, not an object, <c>id</c> is missing or not a valid DID, or a field atproto reads has
    /// the wrong type (<c>alsoKnownAs</c> not an array of strings, a verification method or service without string
    /// <c>id</c>/<c>type</c>, and so on).
    /// </exception>
    public static DidDocument Parse(string json) => FromJson(IdentityJson.ParseRoot(json, "DID document"));

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="utf8Json">The UTF-8 JSON bytes (for example an HTTP response body).</param>
    public static DidDocument Parse(ReadOnlySpan<byte> utf8Json) => FromJson(IdentityJson.ParseRoot(utf8Json, "DID document"));

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="json">The JSON object.</param>
    public static DidDocument FromJson(JsonElement json)
    {
        const string What = "DID document";
        IdentityJson.RequireObject(json, What);
        var idText = IdentityJson.RequiredString(json, "id", What);
        if (!Did.TryParse(idText, out var id))
        {
            throw new FormatException($"The {What} id '{idText}' is not a valid DID.");
        }

        var context = new List<string>();
        if (json.TryGetProperty("@context", out var contextJson))
        {
            if (contextJson.ValueKind == JsonValueKind.String)
            {
                context.Add(contextJson.GetString()!);
            }
            else if (contextJson.ValueKind == JsonValueKind.Array)
            {
                context.AddRange(contextJson.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!));
            }
            else
            {
                throw new FormatException($"'@context' must be a string or an array, not {IdentityJson.Describe(contextJson)}.");
            }
        }

        return new DidDocument(
            id,
            IdentityJson.OptionalStringArray(json, "alsoKnownAs", What),
            ReadArray(json, "verificationMethod", DidVerificationMethod.ReadJson),
            ReadArray(json, "service", DidService.ReadJson),
            context);
    }

    /// <summary>Returns the document as compact JSON, fields in the order <c>@context</c>, <c>id</c>, <c>alsoKnownAs</c>, <c>verificationMethod</c>, <c>service</c>.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => IdentityJson.Write(WriteJson);

    /// <summary>Writes the document as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartArray("@context");
        foreach (var context in Context)
        {
            writer.WriteStringValue(context);
        }

        writer.WriteEndArray();
        writer.WriteString("id", Id.Value);
        writer.WriteStartArray("alsoKnownAs");
        foreach (var alias in AlsoKnownAs)
        {
            writer.WriteStringValue(alias);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("verificationMethod");
        foreach (var method in VerificationMethods)
        {
            method.WriteJson(writer);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("service");
        foreach (var service in Services)
        {
            service.WriteJson(writer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Returns <see cref="ToJson"/>.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => ToJson();

    /// <summary>Finds the handle claimed by a list of aliases: the first <c>at://</c> entry, if it is exactly <c>at://</c> and a valid handle.</summary>
    internal static Handle? HandleFromAlsoKnownAs(IEnumerable<string> alsoKnownAs)
    {
        var alias = alsoKnownAs.FirstOrDefault(a => a.StartsWith(AtUriPrefix, StringComparison.Ordinal));
        return alias is not null && Syntax.Handle.TryParse(alias[AtUriPrefix.Length..], out var handle) ? handle : null;
    }

    private static List<T> ReadArray<T>(JsonElement json, string name, Func<JsonElement, string, T> read)
    {
        if (!json.TryGetProperty(name, out var array))
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"'{name}' must be an array, not {IdentityJson.Describe(array)}.");
        }

        var items = new List<T>(array.GetArrayLength());
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            items.Add(read(item, $"{name}[{i++}]"));
        }

        return items;
    }

    private static IReadOnlyList<T> NoNulls<T>(IEnumerable<T> items, string name)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, name);
        var list = items.ToList();
        return list.Contains(null!) ? throw new ArgumentNullException(name, "An item is null.") : list.AsReadOnly();
    }

    private bool IsFragment(string id, string fragment) =>
        id == fragment || (id.Length == Id.Value.Length + fragment.Length && id.StartsWith(Id.Value, StringComparison.Ordinal) && id.EndsWith(fragment, StringComparison.Ordinal));
}
