using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The input of revokeAppPassword. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.revokeAppPassword.</remarks>
public sealed record RevokeAppPasswordInput
{
    /// <summary>Gets the name of the app password to revoke.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }
}
