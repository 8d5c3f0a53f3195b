using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The input of createInviteCodes. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createInviteCodes.</remarks>
public sealed record CreateInviteCodesInput
{
    /// <summary>Gets how many codes to create per account (default 1).</summary>
    [JsonPropertyName("codeCount")]
    public int CodeCount { get; init; } = 1;

    /// <summary>Gets how many accounts each code may create.</summary>
    [JsonPropertyName("useCount")]
    public required int UseCount { get; init; }

    /// <summary>Gets the DIDs to create codes for; admin when absent.</summary>
    [JsonPropertyName("forAccounts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ForAccounts { get; init; }
}
