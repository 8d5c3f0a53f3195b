using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The input of deactivateAccount. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.deactivateAccount.</remarks>
public sealed record DeactivateAccountInput
{
    /// <summary>Gets a suggestion of when the server may delete the deactivated account (datetime).</summary>
    [JsonPropertyName("deleteAfter")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DeleteAfter { get; init; }
}
