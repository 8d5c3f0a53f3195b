using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// Turns a record written as atproto JSON into the data model value the repo stores: a missing <c>$type</c> becomes the
/// collection, another <c>$type</c> is refused, and the record (and its rkey) is validated against its lexicon as the
/// <c>validate</c> flag asks. Every record write (createRecord, putRecord, applyWrites) goes through it once.
/// </summary>
/// <remarks>
/// Lexicons com.atproto.repo.createRecord/putRecord/applyWrites: <c>validate: false</c> skips validation, <c>true</c>
/// requires a known lexicon, unset validates known lexicons only; <c>validationStatus</c> is <c>valid</c> or
/// <c>unknown</c>, and absent when validation was skipped. Spec: atproto.com/specs/data-model ("JSON Representation").
/// </remarks>
public static class RecordPreparation
{
    /// <summary>The <c>validationStatus</c> of a record its lexicon accepted.</summary>
    public const string Valid = "valid";

    /// <summary>The <c>validationStatus</c> of a record whose lexicon this server does not know.</summary>
    public const string Unknown = "unknown";

    /// <summary>Prepares a record.</summary>
    /// <param name="collection">The collection the record is written to.</param>
    /// <param name="rkey">The record key, or <see langword="null"/> when the engine will assign a TID.</param>
    /// <param name="json">The record as atproto JSON.</param>
    /// <param name="validate">The <c>validate</c> flag of the request.</param>
    /// <returns>The record, and its validation status (<see langword="null"/> when validation was skipped).</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c>: not an object, a wrong <c>$type</c>, not valid atproto
    /// JSON, refused by its lexicon, a bad rkey for the lexicon, or an unknown lexicon with <c>validate: true</c>.</exception>
    public static (DataValue Record, string? Status) Prepare(Nsid collection, RecordKey? rkey, JsonElement json, bool? validate)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw XrpcException.InvalidRecord("Record must be an object");
        }

        if (!json.TryGetProperty("$type", out var type))
        {
            var node = JsonObject.Create(json)!;
            node["$type"] = collection.Value;
            json = JsonSerializer.SerializeToElement(node);
        }
        else if (type.ValueKind != JsonValueKind.String || type.GetString() != collection.Value)
        {
            throw XrpcException.InvalidRecord($"Invalid $type: expected {collection}, got {type}");
        }

        DataMap record;
        try
        {
            record = AtprotoJson.ToRecord(json);
        }
        catch (AtprotoJsonFormatException e)
        {
            throw XrpcException.InvalidRecord($"Invalid record: {e.Message}");
        }

        return (record, validate == false ? null : Validate(collection, rkey, record, validate == true));
    }

    /// <summary>Converts a stored record value to atproto JSON.</summary>
    /// <param name="value">The record.</param>
    /// <returns>The JSON, detached from any document.</returns>
    public static JsonElement ToJson(DataValue value)
    {
        using var document = JsonDocument.Parse(AtprotoJson.Serialize(value));
        return document.RootElement.Clone();
    }

    private static string Validate(Nsid collection, RecordKey? rkey, DataValue record, bool required)
    {
        var validator = LexiconValidator.Default;
        var result = validator.ValidateRecord(collection, record);
        if (result.Status == LexiconValidationStatus.Unknown)
        {
            return required ? throw XrpcException.InvalidRecord($"Lexicon not found: lex:{collection}") : Unknown;
        }

        if (!result.IsValid)
        {
            throw XrpcException.InvalidRecord($"Invalid {collection} record: {result.Message}");
        }

        if (rkey is not null && validator.ValidateRecordKey(collection, rkey) is { IsValid: false } keyResult)
        {
            throw XrpcException.InvalidRecord($"Invalid record key: {keyResult.Message}");
        }

        return Valid;
    }
}
