using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Identity;

/// <summary>The output of <c>com.atproto.identity.resolveHandle</c>. JSON names are the lexicon's.</summary>
/// <remarks>Lexicon: com.atproto.identity.resolveHandle.</remarks>
/// <param name="Did">The DID the handle resolves to.</param>
public sealed record ResolveHandleOutput([property: JsonPropertyName("did")] string Did);
