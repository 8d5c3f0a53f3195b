using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The input of createInviteCode. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createInviteCode.</remarks>
public sealed record CreateInviteCodeInput
{
    /// <summary>Gets how many accounts the code may create.</summary>
    [JsonPropertyName("useCount")]
    public required int UseCount { get; init; }

    /// <summary>Gets the DID the code is for; admin when absent.</summary>
    [JsonPropertyName("forAccount")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ForAccount { get; init; }
}
