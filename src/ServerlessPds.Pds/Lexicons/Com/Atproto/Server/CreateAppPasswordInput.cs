using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The input of createAppPassword. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createAppPassword.</remarks>
public sealed record CreateAppPasswordInput
{
    /// <summary>Gets a short name to tell app passwords apart.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets a value indicating whether sessions made with it may use privileged methods.</summary>
    [JsonPropertyName("privileged")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Privileged { get; init; }
}
