using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of createInviteCode. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createInviteCode.</remarks>
public sealed record CreateInviteCodeOutput
{
    /// <summary>Gets the new code.</summary>
    [JsonPropertyName("code")]
    public required string Code { get; init; }
}
