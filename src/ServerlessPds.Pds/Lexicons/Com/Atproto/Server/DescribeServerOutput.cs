using System.Text.Json.Serialization;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Server;

/// <summary>The output of <c>com.atproto.server.describeServer</c>, with the lexicon's field names.</summary>
/// <remarks>Lexicon: com.atproto.server.describeServer (<c>did</c> and <c>availableUserDomains</c> required).</remarks>
/// <param name="Did">The server's own DID, e.g. <c>did:web:pds.example.com</c>.</param>
/// <param name="AvailableUserDomains">The handle suffixes accounts may use, e.g. <c>[".pds.example.com"]</c>.</param>
/// <param name="InviteCodeRequired">Whether creating an account needs an invite code.</param>
/// <param name="PhoneVerificationRequired">Whether creating an account needs phone verification (never, here).</param>
/// <param name="BlobUploadLimit">The largest blob <c>uploadBlob</c> accepts, in bytes.</param>
/// <param name="Links">The policy document URLs (an empty object when none are configured).</param>
/// <param name="Contact">The contact details (an empty object when none are configured).</param>
public sealed record DescribeServerOutput(
    [property: JsonPropertyName("did")] string Did,
    [property: JsonPropertyName("availableUserDomains")] IReadOnlyList<string> AvailableUserDomains,
    [property: JsonPropertyName("inviteCodeRequired")] bool InviteCodeRequired,
    [property: JsonPropertyName("phoneVerificationRequired")] bool PhoneVerificationRequired,
    [property: JsonPropertyName("blobUploadLimit")] long BlobUploadLimit,
    [property: JsonPropertyName("links")] DescribeServerLinks Links,
    [property: JsonPropertyName("contact")] DescribeServerContact Contact);
