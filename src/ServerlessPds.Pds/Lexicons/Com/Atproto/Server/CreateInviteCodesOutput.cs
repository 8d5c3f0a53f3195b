using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of createInviteCodes. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createInviteCodes.</remarks>
public sealed record CreateInviteCodesOutput
{
    /// <summary>Gets the codes, per account.</summary>
    [JsonPropertyName("codes")]
    public required IReadOnlyList<AccountCodes> Codes { get; init; }
}
