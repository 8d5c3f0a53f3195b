using System.Text.Json;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// A regular <c>did:plc</c> operation (<c>type: "plc_operation"</c>): the full state of the DID after it —
/// <c>rotationKeys</c>, <c>verificationMethods</c>, <c>alsoKnownAs</c>, <c>services</c> — and <c>prev</c>, the CID
/// of the operation it follows (<see langword="null"/> for the genesis operation that creates the DID).
/// </summary>
/// <remarks>
/// Rules checked on construction and parsing: 1 to <see cref="MaxRotationKeys"/> distinct rotation keys, each a
/// K-256 or P-256 <c>did:key</c>; at most <see cref="MaxVerificationMethods"/> verification methods, whose ids have
/// no <c>#</c> and whose values are <c>did:key:</c> strings; service ids without <c>#</c>; <c>prev</c> a valid CID
/// string. <c>prev</c> is a string in DAG-CBOR, not a CID link. Use <see cref="CreateAtproto"/> for a genesis
/// operation, the <c>Next…</c> methods for updates, and <see cref="SignAsync"/> to sign.
/// Spec: web.plc.directory/spec/v0.1/did-plc ("How it works", "Creation of DID", "DID Update").
/// </remarks>
public sealed class PlcOperation : PlcLogOperation
{
    /// <summary>The <c>type</c> of a regular operation.</summary>
    public const string OperationType = "plc_operation";

    /// <summary>The most rotation keys an operation may list. Spec: web.plc.directory/spec/v0.1/did-plc.</summary>
    public const int MaxRotationKeys = 5;

    /// <summary>The most verification methods an operation may list. Spec: web.plc.directory/spec/v0.1/did-plc (changelog 2025-06-05).</summary>
    public const int MaxVerificationMethods = 10;

    /// <summary>The verification method id of the atproto signing key (<c>#atproto</c> in the DID document).</summary>
    public const string AtprotoVerificationMethodId = "atproto";

    /// <summary>The service id of the atproto PDS (<c>#atproto_pds</c> in the DID document).</summary>
    public const string AtprotoPdsServiceId = "atproto_pds";

    private const string AtUriPrefix = "at://";

    private PlcOperation(PlcOperationFields fields, string? signature)
        : base(signature)
    {
        RotationKeys = fields.RotationKeys;
        VerificationMethods = fields.VerificationMethods;
        AlsoKnownAs = fields.AlsoKnownAs;
        Services = fields.Services;
        Prev = fields.Prev;
    }

    /// <inheritdoc/>
    public override string Type => OperationType;

    /// <inheritdoc/>
    public override string? Prev { get; }

    /// <summary>Gets the rotation keys, as <c>did:key</c> strings in priority order (the first has the most authority).</summary>
    public IReadOnlyList<string> RotationKeys { get; }

    /// <summary>Gets the verification methods: ids without <c>#</c> (e.g. <c>atproto</c>) to <c>did:key</c> public keys.</summary>
    public IReadOnlyDictionary<string, string> VerificationMethods { get; }

    /// <summary>Gets the aliases in priority order, e.g. <c>at://alice.example.com</c>.</summary>
    public IReadOnlyList<string> AlsoKnownAs { get; }

    /// <summary>Gets the services: ids without <c>#</c> (e.g. <c>atproto_pds</c>) to type and endpoint.</summary>
    public IReadOnlyDictionary<string, PlcService> Services { get; }

    /// <summary>
    /// Gets the handle: the first <c>at://</c> entry of <see cref="AlsoKnownAs"/>, or <see langword="null"/> when there
    /// is none or it is not exactly <c>at://</c> followed by a valid handle.
    /// </summary>
    public Handle? Handle => DidDocument.HandleFromAlsoKnownAs(AlsoKnownAs);

    /// <summary>Gets the atproto signing key (<c>verificationMethods.atproto</c>), or <see langword="null"/> when absent or not a K-256/P-256 <c>did:key</c>.</summary>
    public PublicKey? AtprotoSigningKey
    {
        get
        {
            if (!VerificationMethods.TryGetValue(AtprotoVerificationMethodId, out var didKey))
            {
                return null;
            }

            try
            {
                return PublicKey.FromDidKey(didKey);
            }
            catch (KeyFormatException)
            {
                return null;
            }
        }
    }

    /// <summary>Gets the endpoint of the <c>atproto_pds</c> service when its type is <c>AtprotoPersonalDataServer</c>, or <see langword="null"/>.</summary>
    public string? PdsEndpoint =>
        Services.TryGetValue(AtprotoPdsServiceId, out var service) && service.Type == PlcService.AtprotoPdsType ? service.Endpoint : null;

    /// <summary>Creates an unsigned operation.</summary>
    /// <param name="rotationKeys">1 to 5 distinct K-256/P-256 <c>did:key</c> strings, in priority order.</param>
    /// <param name="verificationMethods">Ids (without <c>#</c>) to <c>did:key</c> strings; at most 10.</param>
    /// <param name="alsoKnownAs">Aliases such as <c>at://alice.example.com</c>.</param>
    /// <param name="services">Ids (without <c>#</c>) to services.</param>
    /// <param name="prev">The CID of the previous operation, or <see langword="null"/> for a genesis operation.</param>
    /// <returns>The unsigned operation.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="prev"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value breaks the rules listed on <see cref="PlcOperation"/>.</exception>
    public static PlcOperation Create(
        IEnumerable<string> rotationKeys,
        IEnumerable<KeyValuePair<string, string>> verificationMethods,
        IEnumerable<string> alsoKnownAs,
        IEnumerable<KeyValuePair<string, PlcService>> services,
        Cid? prev)
    {
        ArgumentNullException.ThrowIfNull(rotationKeys);
        ArgumentNullException.ThrowIfNull(verificationMethods);
        ArgumentNullException.ThrowIfNull(alsoKnownAs);
        ArgumentNullException.ThrowIfNull(services);
        if (prev is { IsDefault: true })
        {
            throw new ArgumentException("prev is a default (empty) CID.", nameof(prev));
        }

        var error = PlcOperationFields.TryCreate(rotationKeys, verificationMethods, alsoKnownAs, services, prev?.ToString(), out var fields);
        return fields is not null ? new PlcOperation(fields, null) : throw new ArgumentException($"Invalid PLC operation: {error}.");
    }

    /// <summary>Creates the unsigned genesis operation of an atproto account.</summary>
    /// <param name="handle">The handle, written as <c>at://&lt;handle&gt;</c> in <c>alsoKnownAs</c>.</param>
    /// <param name="signingKey">The account's repo signing key, written as <c>verificationMethods.atproto</c>.</param>
    /// <param name="rotationKeys">The rotation keys in priority order (1 to 5, distinct), e.g. the PDS's rotation key.</param>
    /// <param name="pdsEndpoint">The PDS URL (scheme, host and port only), written as <c>services.atproto_pds</c>.</param>
    /// <returns>The unsigned operation, with <c>prev: null</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The rotation keys break the rules, or the endpoint is not a bare http(s) origin.</exception>
    /// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("Creation of DID").</remarks>
    public static PlcOperation CreateAtproto(Handle handle, PublicKey signingKey, IEnumerable<PublicKey> rotationKeys, Uri pdsEndpoint)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(rotationKeys);
        return Create(
            rotationKeys.Select(k => (k ?? throw new ArgumentException("A rotation key is null.", nameof(rotationKeys))).ToDidKey()),
            [KeyValuePair.Create(AtprotoVerificationMethodId, signingKey.ToDidKey())],
            [AtUriPrefix + handle.Value],
            [KeyValuePair.Create(AtprotoPdsServiceId, PlcService.AtprotoPds(pdsEndpoint))],
            prev: null);
    }

    /// <summary>
    /// Creates the unsigned operation that follows this one with another handle: the first <c>at://</c> alias is
    /// replaced (or the handle is put first when there is none); everything else is kept.
    /// </summary>
    /// <param name="handle">The new handle.</param>
    /// <returns>The unsigned next operation, whose <c>prev</c> is this operation's <see cref="PlcLogOperation.Cid"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">This operation is not signed.</exception>
    public PlcOperation NextWithHandle(Handle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var alias = AtUriPrefix + handle.Value;
        var aliases = AlsoKnownAs.ToList();
        var index = aliases.FindIndex(a => a.StartsWith(AtUriPrefix, StringComparison.Ordinal));
        if (index < 0)
        {
            aliases.Insert(0, alias);
        }
        else
        {
            aliases[index] = alias;
        }

        return Next(RotationKeys, VerificationMethods, aliases, Services);
    }

    /// <summary>Creates the unsigned operation that follows this one with another atproto signing key.</summary>
    /// <param name="signingKey">The new <c>verificationMethods.atproto</c> key.</param>
    /// <returns>The unsigned next operation, whose <c>prev</c> is this operation's CID.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="signingKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">This operation is not signed.</exception>
    public PlcOperation NextWithAtprotoSigningKey(PublicKey signingKey)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var methods = new Dictionary<string, string>(VerificationMethods, StringComparer.Ordinal)
        {
            [AtprotoVerificationMethodId] = signingKey.ToDidKey(),
        };
        return Next(RotationKeys, methods, AlsoKnownAs, Services);
    }

    /// <summary>Creates the unsigned operation that follows this one with another PDS endpoint.</summary>
    /// <param name="pdsEndpoint">The new PDS URL (scheme, host and port only).</param>
    /// <returns>The unsigned next operation, whose <c>prev</c> is this operation's CID.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pdsEndpoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The endpoint is not a bare http(s) origin.</exception>
    /// <exception cref="InvalidOperationException">This operation is not signed.</exception>
    public PlcOperation NextWithPdsEndpoint(Uri pdsEndpoint)
    {
        var services = new Dictionary<string, PlcService>(Services, StringComparer.Ordinal)
        {
            [AtprotoPdsServiceId] = PlcService.AtprotoPds(pdsEndpoint),
        };
        return Next(RotationKeys, VerificationMethods, AlsoKnownAs, services);
    }

    /// <summary>Creates the unsigned operation that follows this one with other rotation keys.</summary>
    /// <param name="rotationKeys">1 to 5 distinct K-256/P-256 <c>did:key</c> strings, in priority order.</param>
    /// <returns>The unsigned next operation, whose <c>prev</c> is this operation's CID.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rotationKeys"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The keys break the rules.</exception>
    /// <exception cref="InvalidOperationException">This operation is not signed.</exception>
    public PlcOperation NextWithRotationKeys(IEnumerable<string> rotationKeys)
    {
        ArgumentNullException.ThrowIfNull(rotationKeys);
        return Next(rotationKeys, VerificationMethods, AlsoKnownAs, Services);
    }

    /// <summary>Signs the operation with a rotation key.</summary>
    /// <param name="rotationKey">
    /// The signer: for a genesis operation one of its own <see cref="RotationKeys"/>, for an update one of the
    /// previous operation's. Not checked here; the directory rejects other keys.
    /// </param>
    /// <param name="cancellationToken">A token that cancels the signing.</param>
    /// <returns>A copy of the operation with <c>sig</c> (replacing any previous signature).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rotationKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<PlcOperation> SignAsync(ISigner rotationKey, CancellationToken cancellationToken = default)
    {
        var fields = new PlcOperationFields(RotationKeys, VerificationMethods, AlsoKnownAs, Services, Prev);
        var unsigned = IsSigned ? new PlcOperation(fields, null) : this;
        var signature = await unsigned.ComputeSignatureAsync(rotationKey, cancellationToken).ConfigureAwait(false);
        return new PlcOperation(fields, signature);
    }

    /// <summary>Reads a <c>plc_operation</c> JSON object whose <c>type</c> was checked.</summary>
    internal static PlcOperation ReadJson(JsonElement json)
    {
        const string What = "PLC operation";
        var signature = ReadSignature(json, What, PlcOperationFields.JsonFields);
        var error = PlcOperationFields.TryRead(json, out var fields);
        return fields is not null ? new PlcOperation(fields, signature) : throw new FormatException($"Invalid {What}: {error}.");
    }

    /// <inheritdoc/>
    private protected override void AddFields(List<KeyValuePair<string, DataValue>> fields)
    {
        fields.Add(KeyValuePair.Create("type", DataValue.From(OperationType)));
        fields.Add(KeyValuePair.Create<string, DataValue>("rotationKeys", new DataArray(RotationKeys.Select(DataValue.From))));
        fields.Add(KeyValuePair.Create<string, DataValue>(
            "verificationMethods",
            new DataMap(VerificationMethods.Select(m => KeyValuePair.Create(m.Key, DataValue.From(m.Value))))));
        fields.Add(KeyValuePair.Create<string, DataValue>("alsoKnownAs", new DataArray(AlsoKnownAs.Select(DataValue.From))));
        fields.Add(KeyValuePair.Create<string, DataValue>(
            "services",
            new DataMap(Services.Select(s => KeyValuePair.Create<string, DataValue>(
                s.Key,
                DataMap.Of(("type", DataValue.From(s.Value.Type)), ("endpoint", DataValue.From(s.Value.Endpoint))))))));
        fields.Add(KeyValuePair.Create("prev", Prev is null ? DataValue.Null : DataValue.From(Prev)));
    }

    private PlcOperation Next(
        IEnumerable<string> rotationKeys,
        IEnumerable<KeyValuePair<string, string>> verificationMethods,
        IEnumerable<string> alsoKnownAs,
        IEnumerable<KeyValuePair<string, PlcService>> services) =>
        Create(rotationKeys, verificationMethods, alsoKnownAs, services, Cid);
}
