using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The <c>links</c> object of describeServer: service policy URLs; absent fields are omitted.</summary>
/// <remarks>Lexicon: com.atproto.server.describeServer#links.</remarks>
/// <param name="PrivacyPolicy">The privacy policy URL, or <see langword="null"/>.</param>
/// <param name="TermsOfService">The terms of service URL, or <see langword="null"/>.</param>
public sealed record DescribeServerLinks(
    [property: JsonPropertyName("privacyPolicy")] string? PrivacyPolicy,
    [property: JsonPropertyName("termsOfService")] string? TermsOfService);
