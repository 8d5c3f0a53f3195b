using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The input of createSession. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createSession.</remarks>
public sealed record CreateSessionInput
{
    /// <summary>Gets a handle, email address or DID.</summary>
    [JsonPropertyName("identifier")]
    public required string Identifier { get; init; }

    /// <summary>Gets the account password or an app password.</summary>
    [JsonPropertyName("password")]
    public required string Password { get; init; }

    /// <summary>Gets an email second-factor token (not supported here).</summary>
    [JsonPropertyName("authFactorToken")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AuthFactorToken { get; init; }

    /// <summary>Gets when true, a taken-down account gets a narrowly scoped session instead of an error.</summary>
    [JsonPropertyName("allowTakendown")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? AllowTakendown { get; init; }
}
