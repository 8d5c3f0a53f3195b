using System.Diagnostics.CodeAnalysis;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Lexicon;

/// <summary>
/// Validates records, record keys, XRPC parameters and bodies against the Lexicon schemas of a catalog.
/// </summary>
/// <remarks>
/// <para>
/// Spec: atproto.com/specs/lexicon, "Validation" and each type's rules: objects check <c>required</c> and
/// <c>nullable</c> and ignore undeclared properties; strings check <c>const</c>, <c>enum</c> (not
/// <c>knownValues</c>), UTF-8 byte lengths, grapheme counts (extended grapheme clusters) and formats; integers
/// <c>const</c>, <c>enum</c>, <c>minimum</c>, <c>maximum</c>; bytes and arrays their lengths; blobs <c>accept</c>
/// (with <c>type/*</c> wildcards) and <c>maxSize</c>; unions need <c>$type</c>, and a closed union only its
/// members; <c>unknown</c> needs an object that is not a blob. A record's <c>$type</c> must be its collection.
/// Defaults are not filled in.
/// </para>
/// <para>
/// Valid data costs no allocation beyond the call's result (the shared valid result); errors carry JSON-path-like
/// locations. At most 20 errors are reported. Thread-safe.
/// </para>
/// </remarks>
public sealed class LexiconValidator
{
    private static readonly Lazy<LexiconValidator> DefaultValidator = new(() => new LexiconValidator(LexiconCatalog.Default));

    /// <summary>Initializes a new instance.</summary>
    /// <param name="catalog">The schemas to validate against.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is <see langword="null"/>.</exception>
    public LexiconValidator(LexiconCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
    }

    /// <summary>Gets the validator over <see cref="LexiconCatalog.Default"/> (created on first use).</summary>
    public static LexiconValidator Default => DefaultValidator.Value;

    /// <summary>Gets the schemas this validator uses.</summary>
    public LexiconCatalog Catalog { get; }

    /// <summary>
    /// Gets a value indicating whether legacy blob references, <c>{"cid": "…", "mimeType": "…"}</c>, are accepted
    /// where a blob is expected (default <see langword="true"/>; their size is unknown, so <c>maxSize</c> is not checked).
    /// </summary>
    /// <remarks>Spec: atproto.com/specs/data-model, "Blob Type": implementations should read the legacy form but not write it.</remarks>
    public bool AllowLegacyBlobs { get; init; } = true;

    /// <summary>Validates a record against its collection's record schema.</summary>
    /// <param name="collection">The collection NSID, e.g. <c>app.bsky.feed.post</c>.</param>
    /// <param name="record">The record value (a map with <c>$type</c>).</param>
    /// <returns>
    /// <see cref="LexiconValidationStatus.Valid"/>; <see cref="LexiconValidationStatus.Unknown"/> when the catalog has no
    /// schema for <paramref name="collection"/>; otherwise <see cref="LexiconValidationStatus.Invalid"/> with the errors.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public LexiconValidationResult ValidateRecord(Nsid collection, DataValue record)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(record);
        if (!TryGetRecordSchema(collection, out var schema, out var failure))
        {
            return failure;
        }

        var walker = ValidationWalker.Rent(Catalog, AllowLegacyBlobs);
        walker.ValidateRecord(collection, schema, record);
        return walker.Finish();
    }

    /// <summary>Checks a record key against the key type of its collection's record schema (<c>tid</c>, <c>nsid</c>, <c>literal:…</c>, <c>any</c>).</summary>
    /// <param name="collection">The collection NSID.</param>
    /// <param name="recordKey">The record key.</param>
    /// <returns>Valid, Unknown (no schema for the collection), or Invalid with one error at path <c>rkey</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Spec: atproto.com/specs/record-key, "Record Key Types".</remarks>
    public LexiconValidationResult ValidateRecordKey(Nsid collection, RecordKey recordKey)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(recordKey);
        if (!TryGetRecordSchema(collection, out var schema, out var failure))
        {
            return failure;
        }

        var rkey = recordKey.Value;
        var error = schema.KeyType switch
        {
            LexiconRecordKeyType.Tid when !Tid.IsValid(rkey) => $"must be a TID in collection {collection}",
            LexiconRecordKeyType.Nsid when !Nsid.IsValid(rkey) => $"must be an NSID in collection {collection}",
            LexiconRecordKeyType.Literal when rkey != schema.KeyLiteral => $"must be \"{schema.KeyLiteral}\" in collection {collection}",
            _ => null,
        };
        return error is null ? LexiconValidationResult.Valid : LexiconValidationResult.Invalid([new LexiconValidationError("rkey", error)]);
    }

    /// <summary>Validates a value against any data definition, e.g. <c>com.atproto.repo.strongRef</c> or <c>app.bsky.richtext.facet#mention</c>.</summary>
    /// <param name="reference">An absolute reference: <c>nsid#name</c>, or a bare NSID for its <c>main</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>Valid, Unknown (no such definition), or Invalid with the errors.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is not an absolute reference.</exception>
    public LexiconValidationResult ValidateValue(string reference, DataValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.StartsWith('#'))
        {
            throw new ArgumentException($"\"{reference}\" is relative; give nsid#name.", nameof(reference));
        }

        var def = Catalog.Resolve(reference);
        return def is null ? LexiconValidationResult.Unknown($"No lexicon definition {reference} is known.") : Run(def, value);
    }

    /// <summary>Validates the JSON input body of a procedure against its <c>input.schema</c>.</summary>
    /// <param name="method">The procedure's NSID.</param>
    /// <param name="body">The body, converted to the data model.</param>
    /// <returns>Valid (also when the input has no schema), Unknown (no such method), or Invalid (including when the method is not a procedure).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public LexiconValidationResult ValidateInput(Nsid method, DataValue body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(body);
        return Catalog.ResolveTarget(method.Value) switch
        {
            null => LexiconValidationResult.Unknown($"No lexicon is known for the method {method}."),
            LexiconProcedure p => p.Input?.Schema is { } schema ? Run(schema, body) : LexiconValidationResult.Valid,
            var other => Mismatch(method, other, "procedure"),
        };
    }

    /// <summary>Validates the JSON output body of a query or procedure against its <c>output.schema</c>.</summary>
    /// <param name="method">The method's NSID.</param>
    /// <param name="body">The body, converted to the data model.</param>
    /// <returns>Valid (also when the output has no schema), Unknown (no such method), or Invalid (including when the method is neither a query nor a procedure).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public LexiconValidationResult ValidateOutput(Nsid method, DataValue body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(body);
        return Catalog.ResolveTarget(method.Value) switch
        {
            null => LexiconValidationResult.Unknown($"No lexicon is known for the method {method}."),
            LexiconQuery { Output.Schema: { } schema } => Run(schema, body),
            LexiconProcedure { Output.Schema: { } schema } => Run(schema, body),
            LexiconQuery or LexiconProcedure => LexiconValidationResult.Valid,
            var other => Mismatch(method, other, "query or procedure"),
        };
    }

    /// <summary>Validates the query-string parameters of a method, already converted to typed values (integers, booleans, strings, arrays).</summary>
    /// <param name="method">The method's NSID.</param>
    /// <param name="parameters">The parameters by name; names the method does not declare are ignored.</param>
    /// <returns>Valid, Unknown (no such method), or Invalid (including when <paramref name="method"/> is not a method).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public LexiconValidationResult ValidateParams(Nsid method, DataMap parameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        switch (Catalog.ResolveTarget(method.Value))
        {
            case null:
                return LexiconValidationResult.Unknown($"No lexicon is known for the method {method}.");
            case LexiconMethod { Parameters: null }:
                return LexiconValidationResult.Valid;
            case LexiconMethod m:
                var walker = ValidationWalker.Rent(Catalog, AllowLegacyBlobs);
                walker.ValidateParams(m.Parameters, parameters);
                return walker.Finish();
            case var other:
                return Mismatch(method, other, "query, procedure or subscription");
        }
    }

    private static LexiconValidationResult Mismatch(Nsid id, LexiconType def, string expected) =>
        LexiconValidationResult.Invalid([new LexiconValidationError("$", $"{id} is a {def.TypeName} definition, not a {expected}")]);

    private bool TryGetRecordSchema(Nsid collection, [NotNullWhen(true)] out LexiconRecord? schema, out LexiconValidationResult failure)
    {
        var def = Catalog.ResolveTarget(collection.Value);
        schema = def as LexiconRecord;
        failure = def switch
        {
            null => LexiconValidationResult.Unknown($"No lexicon is known for the collection {collection}."),
            LexiconRecord => LexiconValidationResult.Valid,
            _ => Mismatch(collection, def, "record type"),
        };
        return schema is not null;
    }

    private LexiconValidationResult Run(LexiconType type, DataValue value)
    {
        var walker = ValidationWalker.Rent(Catalog, AllowLegacyBlobs);
        walker.Validate(type, value);
        return walker.Finish();
    }
}
