using System.Text.Json;
using System.Text.Json.Nodes;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Preferences;

/// <summary>
/// <c>app.bsky.actor.getPreferences</c> and <c>putPreferences</c>, stored with the account (never proxied when they go
/// to the configured AppView), as the reference PDS: <c>putPreferences</c> replaces every <c>app.bsky.*</c> preference
/// the session may set; <c>#personalDetailsPref</c> is read and written only by full sessions (app passwords neither see
/// nor replace it); <c>#declaredAgePref</c> is read-only, derived from the birth date on read.
/// </summary>
/// <remarks>
/// Errors, all 400 <c>InvalidRequest</c>: the input fails the lexicon; "Preference is missing a $type"; "Some
/// preferences are not in the app.bsky namespace"; "Do not have authorization to set preferences: &lt;types&gt;"; and
/// 413 <c>PayloadTooLarge</c> over <see cref="IAccountStore.MaxPreferencesBytes"/>.
/// Lexicons: app.bsky.actor.getPreferences, app.bsky.actor.putPreferences, app.bsky.actor.defs#preferences.
/// </remarks>
public sealed class PreferenceService(IAccountStore accounts, TimeProvider? timeProvider = null)
{
    /// <summary>The namespace stored here.</summary>
    public const string Namespace = "app.bsky";

    /// <summary>The preference only full sessions see and set.</summary>
    public const string PersonalDetailsType = "app.bsky.actor.defs#personalDetailsPref";

    /// <summary>The read-only preference derived from the birth date.</summary>
    public const string DeclaredAgeType = "app.bsky.actor.defs#declaredAgePref";

    private static readonly Nsid PutMethod = Nsid.Parse("app.bsky.actor.putPreferences");
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Reads the caller's preferences.</summary>
    /// <param name="principal">The caller (taken-down sessions allowed).</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The output <c>{"preferences":[...]}</c>.</returns>
    public async Task<JsonObject> GetAsync(AccessPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var stored = await LoadAsync(principal.Did, cancellationToken).ConfigureAwait(false);
        var birthDate = stored.OfType<JsonObject>().FirstOrDefault(p => TypeOf(p) == PersonalDetailsType)?["birthDate"]?.GetValue<string>();
        if (birthDate is not null && DateTimeOffset.TryParse(birthDate, System.Globalization.CultureInfo.InvariantCulture, out var born))
        {
            var age = Age(born.UtcDateTime, _time.GetUtcNow().UtcDateTime);
            stored.Add(new JsonObject { ["$type"] = DeclaredAgeType, ["isOverAge13"] = age >= 13, ["isOverAge16"] = age >= 16, ["isOverAge18"] = age >= 18 });
        }
        var full = IsFullAccess(principal);
        var visible = new JsonArray();
        foreach (var pref in stored.OfType<JsonObject>().Where(p => full || TypeOf(p) != PersonalDetailsType).ToList())
        {
            stored.Remove(pref);
            visible.Add(pref);
        }
        return new JsonObject { ["preferences"] = visible };
    }

    /// <summary>Replaces the caller's preferences.</summary>
    /// <param name="principal">The caller (not taken down).</param>
    /// <param name="input">The procedure's JSON input <c>{"preferences":[...]}</c>.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>A task that completes when they are stored.</returns>
    /// <exception cref="XrpcException">See the remarks.</exception>
    public async Task PutAsync(AccessPrincipal principal, JsonElement input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        DataValue value;
        try
        {
            value = AtprotoJson.ToDataValue(input);
        }
        catch (FormatException e)
        {
            throw XrpcException.InvalidRequest($"Invalid input: {e.Message}");
        }
        var result = LexiconValidator.Default.ValidateInput(PutMethod, value);
        if (!result.IsValid)
        {
            throw XrpcException.InvalidRequest(result.Message);
        }
        var full = IsFullAccess(principal);
        var incoming = JsonNode.Parse(input.GetRawText())!["preferences"]!.AsArray();
        var put = new JsonArray();
        var forbidden = new List<string>();
        foreach (var node in incoming.ToList())
        {
            if (node is not JsonObject pref || TypeOf(pref) is not { } type)
            {
                throw XrpcException.InvalidRequest("Preference is missing a $type");
            }
            if (type != Namespace && !type.StartsWith(Namespace + ".", StringComparison.Ordinal))
            {
                throw XrpcException.InvalidRequest($"Some preferences are not in the {Namespace} namespace");
            }
            if (!full && type == PersonalDetailsType)
            {
                forbidden.Add(type);
            }
            incoming.Remove(node);
            if (type != DeclaredAgeType)
            {
                put.Add(node);
            }
        }
        if (forbidden.Count > 0)
        {
            throw XrpcException.InvalidRequest($"Do not have authorization to set preferences: {string.Join(", ", forbidden)}");
        }
        if (!full)
        {
            var kept = await LoadAsync(principal.Did, cancellationToken).ConfigureAwait(false);
            foreach (var pref in kept.OfType<JsonObject>().Where(p => TypeOf(p) == PersonalDetailsType).ToList())
            {
                kept.Remove(pref);
                put.Insert(0, pref);
            }
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(put);
        if (bytes.Length > IAccountStore.MaxPreferencesBytes)
        {
            throw XrpcException.PayloadTooLarge("Preferences are too large");
        }
        await accounts.PutPreferencesAsync(principal.Did, bytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonArray> LoadAsync(Did did, CancellationToken cancellationToken)
    {
        var json = await accounts.GetPreferencesAsync(did, cancellationToken).ConfigureAwait(false);
        return json is null ? [] : JsonNode.Parse(json)!.AsArray();
    }

    private static bool IsFullAccess(AccessPrincipal principal) => principal.Scope == AuthScope.Access;

    private static string? TypeOf(JsonObject pref) =>
        pref.TryGetPropertyValue("$type", out var type) && type is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int Age(DateTime born, DateTime now)
    {
        var age = now.Year - born.Year;
        return now.Month < born.Month || (now.Month == born.Month && now.Day < born.Day) ? age - 1 : age;
    }
}
