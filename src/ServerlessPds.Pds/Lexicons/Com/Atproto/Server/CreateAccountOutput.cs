using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of createAccount: a session for the new account. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.createAccount.</remarks>
public sealed record CreateAccountOutput
{
    /// <summary>Gets the access token.</summary>
    [JsonPropertyName("accessJwt")]
    public required string AccessJwt { get; init; }

    /// <summary>Gets the refresh token.</summary>
    [JsonPropertyName("refreshJwt")]
    public required string RefreshJwt { get; init; }

    /// <summary>Gets the account's handle.</summary>
    [JsonPropertyName("handle")]
    public required string Handle { get; init; }

    /// <summary>Gets the new account's DID.</summary>
    [JsonPropertyName("did")]
    public required string Did { get; init; }

    /// <summary>Gets the complete DID document, when it could be resolved.</summary>
    [JsonPropertyName("didDoc")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? DidDoc { get; init; }
}
