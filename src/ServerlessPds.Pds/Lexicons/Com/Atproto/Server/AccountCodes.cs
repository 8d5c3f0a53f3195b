using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The codes created for one account. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createInviteCodes#accountCodes.</remarks>
public sealed record AccountCodes
{
    /// <summary>Gets the account DID, or admin.</summary>
    [JsonPropertyName("account")]
    public required string Account { get; init; }

    /// <summary>Gets the codes.</summary>
    [JsonPropertyName("codes")]
    public required IReadOnlyList<string> Codes { get; init; }
}
