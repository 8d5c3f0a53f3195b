using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The input of deleteAccount. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.deleteAccount.</remarks>
public sealed record DeleteAccountInput
{
    /// <summary>Gets the account's DID.</summary>
    [JsonPropertyName("did")]
    public required string Did { get; init; }

    /// <summary>Gets the account password.</summary>
    [JsonPropertyName("password")]
    public required string Password { get; init; }

    /// <summary>Gets the token from requestAccountDelete's email.</summary>
    [JsonPropertyName("token")]
    public required string Token { get; init; }
}
