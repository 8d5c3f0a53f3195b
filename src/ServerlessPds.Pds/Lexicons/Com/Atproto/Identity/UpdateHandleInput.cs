using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Identity;

/// <summary>The input of <c>com.atproto.identity.updateHandle</c>. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.identity.updateHandle.</remarks>
/// <param name="Handle">The new handle, e.g. <c>alice.pds.example.com</c> (validated and normalised by the handler).</param>
public sealed record UpdateHandleInput([property: JsonPropertyName("handle")] string Handle);
