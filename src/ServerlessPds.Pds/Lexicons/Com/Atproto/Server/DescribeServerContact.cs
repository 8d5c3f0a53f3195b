using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The <c>contact</c> object of describeServer; absent fields are omitted.</summary>
/// <remarks>Lexicon: com.atproto.server.describeServer#contact.</remarks>
/// <param name="Email">The contact e-mail address, or <see langword="null"/>.</param>
public sealed record DescribeServerContact([property: JsonPropertyName("email")] string? Email);
