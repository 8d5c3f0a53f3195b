using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// One operation of a <c>did:plc</c> log: a <see cref="PlcOperation"/> (creates or updates the DID's data) or a
/// <see cref="PlcTombstone"/> (deactivates the DID). An operation is unsigned until <c>SignAsync</c> adds its
/// <c>sig</c>; only a signed operation has a <see cref="Cid"/>. Instances are immutable.
/// </summary>
/// <remarks>
/// The signature covers the canonical DAG-CBOR encoding of the operation without its <c>sig</c> field
/// (<see cref="ToUnsignedDagCbor"/>); it is the 64-byte low-S ECDSA signature of one of the rotation keys, written as
/// base64url without padding. The CID (used as the next operation's <c>prev</c>) is the DAG-CBOR, SHA-256 CIDv1 of
/// the signed operation. Legacy <c>create</c> operations (the v1 format) are not supported: they are only found at
/// the start of old logs, which this PDS never extends.
/// Spec: web.plc.directory/spec/v0.1/did-plc ("Operation Serialization, Signing, and Validation").
/// </remarks>
public abstract class PlcLogOperation
{
    /// <summary>The length of a signature in <c>sig</c>: 64 bytes as unpadded base64url, in characters.</summary>
    public const int SignatureChars = 86;

    private static readonly SearchValues<char> Base64UrlChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly Lazy<Cid> _cid;

    private protected PlcLogOperation(string? signature)
    {
        _cid = new Lazy<Cid>(() => Cid.ComputeDagCbor(ToDagCbor()), LazyThreadSafetyMode.PublicationOnly);
        if (signature is not null && !IsBase64UrlText(signature))
        {
            throw new ArgumentException("A PLC signature is non-empty unpadded base64url (A-Z a-z 0-9 - _).", nameof(signature));
        }

        Signature = signature;
    }

    /// <summary>Gets the operation type: <c>plc_operation</c> or <c>plc_tombstone</c>.</summary>
    public abstract string Type { get; }

    /// <summary>
    /// Gets the CID string of the previous operation in the log (multibase base32, e.g. <c>bafyrei…</c>), or
    /// <see langword="null"/> for a genesis operation.
    /// </summary>
    public abstract string? Prev { get; }

    /// <summary>Gets the signature (<c>sig</c>): unpadded base64url, normally of 64 bytes; <see langword="null"/> when unsigned.</summary>
    public string? Signature { get; }

    /// <summary>Gets a value indicating whether the operation carries a signature.</summary>
    [MemberNotNullWhen(true, nameof(Signature))]
    public bool IsSigned => Signature is not null;

    /// <summary>
    /// Gets the CID of the signed operation: CIDv1, DAG-CBOR codec, SHA-256 of <see cref="ToDagCbor"/>. The next
    /// operation of the log names it in <c>prev</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The operation is not signed.</exception>
    public Cid Cid => _cid.Value;

    /// <summary>Parses a signed or unsigned operation from its JSON form (as the PLC directory serves and accepts it).</summary>
    /// <param name="json">A JSON object with <c>type</c> <c>plc_operation</c> or <c>plc_tombstone</c>.</param>
    /// <returns>A <see cref="PlcOperation"/> or a <see cref="PlcTombstone"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">
    /// The text is not JSON, a field is missing or of the wrong type, a field is unknown, the type is not supported
    /// (including the legacy <c>create</c>), or a value breaks the operation rules (see <see cref="PlcOperation"/>).
    /// </exception>
    public static PlcLogOperation Parse(string json) => FromJson(IdentityJson.ParseRoot(json, "PLC operation"));

    /// <inheritdoc cref="Parse(string)"/>
    /// <param name="json">A JSON object with <c>type</c> <c>plc_operation</c> or <c>plc_tombstone</c>.</param>
    public static PlcLogOperation FromJson(JsonElement json)
    {
        IdentityJson.RequireObject(json, "PLC operation");
        var type = IdentityJson.RequiredString(json, "type", "PLC operation");
        return type switch
        {
            PlcOperation.OperationType => PlcOperation.ReadJson(json),
            PlcTombstone.OperationType => PlcTombstone.ReadJson(json),
            "create" => throw new FormatException("Legacy PLC 'create' operations are not supported."),
            _ => throw new FormatException($"Unknown PLC operation type '{type}'."),
        };
    }

    /// <summary>Returns the operation as a data model map, with <c>sig</c> when signed.</summary>
    /// <returns>The map whose DAG-CBOR encoding is <see cref="ToDagCbor"/> (or <see cref="ToUnsignedDagCbor"/> when unsigned).</returns>
    public DataMap ToDataMap() => BuildMap(includeSignature: IsSigned);

    /// <summary>Encodes the operation without <c>sig</c>: the bytes the rotation key signs.</summary>
    /// <returns>Canonical DAG-CBOR bytes.</returns>
    public byte[] ToUnsignedDagCbor() => DagCbor.Encode(BuildMap(includeSignature: false));

    /// <summary>Encodes the signed operation, <c>sig</c> included: the bytes of its CID (and of the DID, for a genesis operation).</summary>
    /// <returns>Canonical DAG-CBOR bytes.</returns>
    /// <exception cref="InvalidOperationException">The operation is not signed.</exception>
    public byte[] ToDagCbor() => IsSigned
        ? DagCbor.Encode(BuildMap(includeSignature: true))
        : throw new InvalidOperationException("The PLC operation is not signed; sign it before taking its CID or DAG-CBOR.");

    /// <summary>Checks the signature against one key.</summary>
    /// <param name="key">A candidate rotation key.</param>
    /// <returns>
    /// <see langword="true"/> if the operation is signed and <c>sig</c> is a valid low-S signature of
    /// <see cref="ToUnsignedDagCbor"/> by <paramref name="key"/>; otherwise <see langword="false"/> (also for a
    /// malformed signature).
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool Verify(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsSigned || !TryDecodeSignature(Signature, out var signature))
        {
            return false;
        }

        return key.Verify(ToUnsignedDagCbor(), signature);
    }

    /// <summary>Finds which of the given rotation keys signed the operation.</summary>
    /// <param name="rotationKeys">The <c>did:key</c> rotation keys allowed to sign (those of the previous operation, or the operation's own for a genesis).</param>
    /// <returns>The first key (in priority order) whose signature verifies, or <see langword="null"/> if none does; malformed keys are skipped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rotationKeys"/> is <see langword="null"/>.</exception>
    public string? FindSigner(IEnumerable<string> rotationKeys)
    {
        ArgumentNullException.ThrowIfNull(rotationKeys);
        if (!IsSigned || !TryDecodeSignature(Signature, out var signature))
        {
            return null;
        }

        var unsigned = ToUnsignedDagCbor();
        foreach (var didKey in rotationKeys)
        {
            PublicKey key;
            try
            {
                key = PublicKey.FromDidKey(didKey);
            }
            catch (KeyFormatException)
            {
                continue;
            }

            if (key.Verify(unsigned, signature))
            {
                return didKey;
            }
        }

        return null;
    }

    /// <summary>Returns the JSON form of the operation, as the PLC directory accepts it in <c>POST /:did</c>.</summary>
    /// <returns>A compact JSON object; <c>sig</c> is included when signed.</returns>
    public string ToJson() => IdentityJson.Write(WriteJson);

    /// <summary>Writes the JSON form of the operation.</summary>
    /// <param name="writer">The writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        AtprotoJson.Write(writer, ToDataMap());
    }

    /// <summary>Returns <see cref="ToJson"/>.</summary>
    /// <returns>The JSON form.</returns>
    public override string ToString() => ToJson();

    /// <summary>Adds the operation's fields other than <c>sig</c>.</summary>
    private protected abstract void AddFields(List<KeyValuePair<string, DataValue>> fields);

    /// <summary>Signs <see cref="ToUnsignedDagCbor"/> and returns <c>sig</c>.</summary>
    private protected async ValueTask<string> ComputeSignatureAsync(ISigner rotationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotationKey);
        var signature = await rotationKey.SignAsync(ToUnsignedDagCbor(), cancellationToken).ConfigureAwait(false);
        return Base64Url.EncodeToString(signature);
    }

    /// <summary>Reads <c>sig</c> (optional) from JSON and rejects fields outside <paramref name="allowed"/>.</summary>
    private protected static string? ReadSignature(JsonElement json, string what, IReadOnlySet<string> allowed)
    {
        foreach (var property in json.EnumerateObject())
        {
            if (!allowed.Contains(property.Name) && property.Name != "sig")
            {
                throw new FormatException($"The {what} has an unknown field '{property.Name}'.");
            }
        }

        var signature = IdentityJson.OptionalString(json, "sig", what);
        return signature is null || IsBase64UrlText(signature)
            ? signature
            : throw new FormatException($"The {what} 'sig' is not unpadded base64url.");
    }

    private static bool IsBase64UrlText(string text) =>
        text.Length > 0 && text.AsSpan().ContainsAnyExcept(Base64UrlChars) is false;

    private static bool TryDecodeSignature(string text, [NotNullWhen(true)] out byte[]? signature)
    {
        signature = null;
        if (text.Length != SignatureChars)
        {
            return false;
        }

        var bytes = new byte[CompactSignature.Length];
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != OperationStatus.Done || written != bytes.Length)
        {
            return false;
        }

        signature = bytes;
        return true;
    }

    private DataMap BuildMap(bool includeSignature)
    {
        var fields = new List<KeyValuePair<string, DataValue>>(8);
        AddFields(fields);
        if (includeSignature)
        {
            fields.Add(KeyValuePair.Create("sig", DataValue.From(Signature!)));
        }

        return new DataMap(fields);
    }
}
