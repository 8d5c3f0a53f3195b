using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of getServiceAuth. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.server.getServiceAuth.</remarks>
public sealed record GetServiceAuthOutput
{
    /// <summary>Gets the signed service-auth JWT.</summary>
    [JsonPropertyName("token")]
    public required string Token { get; init; }
}
