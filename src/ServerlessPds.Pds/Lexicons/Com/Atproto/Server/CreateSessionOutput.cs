using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of createSession. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createSession.</remarks>
public sealed record CreateSessionOutput
{
    /// <summary>Gets the access token.</summary>
    [JsonPropertyName("accessJwt")]
    public required string AccessJwt { get; init; }

    /// <summary>Gets the refresh token.</summary>
    [JsonPropertyName("refreshJwt")]
    public required string RefreshJwt { get; init; }

    /// <summary>Gets the account's handle.</summary>
    [JsonPropertyName("handle")]
    public required string Handle { get; init; }

    /// <summary>Gets the account's DID.</summary>
    [JsonPropertyName("did")]
    public required string Did { get; init; }

    /// <summary>Gets the DID document, when it could be resolved.</summary>
    [JsonPropertyName("didDoc")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? DidDoc { get; init; }

    /// <summary>Gets the account's email address.</summary>
    [JsonPropertyName("email")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; init; }

    /// <summary>Gets a value indicating whether the email address is confirmed.</summary>
    [JsonPropertyName("emailConfirmed")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? EmailConfirmed { get; init; }

    /// <summary>Gets a value indicating whether email second-factor login is on.</summary>
    [JsonPropertyName("emailAuthFactor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? EmailAuthFactor { get; init; }

    /// <summary>Gets a value indicating whether the account is active.</summary>
    [JsonPropertyName("active")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Active { get; init; }

    /// <summary>Gets when not active: takendown, suspended or deactivated.</summary>
    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }
}
