using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of createAppPassword: the new app password, shown once. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createAppPassword#appPassword.</remarks>
public sealed record CreateAppPasswordOutput
{
    /// <summary>Gets the name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the app password, e.g. abcd-efgh-ijkl-mnop.</summary>
    [JsonPropertyName("password")]
    public required string Password { get; init; }

    /// <summary>Gets when it was created (datetime).</summary>
    [JsonPropertyName("createdAt")]
    public required string CreatedAt { get; init; }

    /// <summary>Gets a value indicating whether it is privileged.</summary>
    [JsonPropertyName("privileged")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Privileged { get; init; }
}
