using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>One app password in listAppPasswords (without the secret). JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.listAppPasswords#appPassword.</remarks>
public sealed record AppPasswordView
{
    /// <summary>Gets the name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets when it was created (datetime).</summary>
    [JsonPropertyName("createdAt")]
    public required string CreatedAt { get; init; }

    /// <summary>Gets a value indicating whether it is privileged.</summary>
    [JsonPropertyName("privileged")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Privileged { get; init; }
}
