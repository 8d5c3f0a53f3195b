using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The shared steps of the com.atproto.repo write methods: resolving <c>repo</c>, parsing identifiers, turning record
/// JSON into data model values with the lexicon validation the <c>validate</c> flag asks for, and building outputs.
/// </summary>
/// <remarks>
/// Lexicons com.atproto.repo.createRecord/putRecord/applyWrites ("validate": false skips validation, true requires a
/// known lexicon, unset validates known lexicons only; <c>validationStatus</c> is <c>valid</c> or <c>unknown</c>, and
/// absent when validation was skipped).
/// </remarks>
internal static class RecordWrites
{
    public const string Valid = "valid";
    public const string Unknown = "unknown";

    /// <summary>Resolves an at-identifier (DID or handle) to a hosted account's DID.</summary>
    public static async Task<Did> ResolveRepoAsync(IAccountStore accounts, string repo, CancellationToken cancellationToken) =>
        (await ResolveRepoAccountAsync(accounts, repo, cancellationToken)).Did;

    /// <summary>Resolves <c>repo</c> (a DID or handle) to the account hosted here, in one read.</summary>
    public static async Task<AccountRecord> ResolveRepoAccountAsync(IAccountStore accounts, string repo, CancellationToken cancellationToken)
    {
        var identifier = Parse<AtIdentifier>("repo", repo);
        var account = identifier.Did is { } did
            ? await accounts.GetAccountAsync(did, cancellationToken)
            : await accounts.GetAccountByHandleAsync(identifier.Handle!, cancellationToken);
        return account ?? throw XrpcException.InvalidRequest($"Could not find repo: {repo}");
    }

    /// <summary>
    /// Resolves <c>repo</c> and requires it to be the caller's own. The caller's account was read when the caller was
    /// authenticated (<see cref="XrpcAuth.RequireWriterAsync"/>), so the caller's own DID needs no second read; a handle
    /// or another DID is looked up, so an unknown repo still answers 400 <c>InvalidRequest</c> before the 401.
    /// </summary>
    public static async Task<Did> ResolveOwnRepoAsync(IAccountStore accounts, string repo, Did caller, CancellationToken cancellationToken)
    {
        if (repo == caller.Value)
        {
            return caller;
        }

        var did = await ResolveRepoAsync(accounts, repo, cancellationToken);
        return did == caller ? did : throw XrpcException.AuthenticationRequired("Cannot write to another account's repo");
    }

    /// <summary>Parses a value with <see cref="IParsable{TSelf}"/>, or fails with 400 <c>InvalidRequest</c> naming the field.</summary>
    public static T Parse<T>(string field, string value)
        where T : IParsable<T> =>
        T.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw XrpcException.InvalidRequest($"Invalid {field}: {value}");

    /// <summary>Parses an optional CID field.</summary>
    public static Cid? ParseCid(string field, string? value) =>
        value is null ? null : Cid.TryParse(value, out var cid) ? cid : throw XrpcException.InvalidRequest($"Invalid {field}: {value}");

    /// <summary>
    /// Prepares a record: sets a missing <c>$type</c> to the collection, rejects another <c>$type</c>, converts the JSON
    /// to a data model map, and validates it (and the rkey) as <paramref name="validate"/> asks.
    /// </summary>
    /// <returns>The record and its validation status (<see langword="null"/> when validation was skipped).</returns>
    public static (DataValue Record, string? Status) Prepare(Nsid collection, RecordKey? rkey, JsonElement json, bool? validate)
    {
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

    /// <summary>Turns an engine result into the commit metadata output.</summary>
    public static CommitMeta Commit(RepoCommitResult result) => new(result.CommitCid.ToString(), result.Rev.Value);

    /// <summary>Converts a stored record value to atproto JSON.</summary>
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
