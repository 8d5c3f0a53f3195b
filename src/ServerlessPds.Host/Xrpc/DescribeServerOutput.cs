using ServerlessPds.Host.Configuration;

namespace ServerlessPds.Host.Xrpc;

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
    string Did,
    IReadOnlyList<string> AvailableUserDomains,
    bool InviteCodeRequired,
    bool PhoneVerificationRequired,
    long BlobUploadLimit,
    DescribeServerLinks Links,
    DescribeServerContact Contact)
{
    /// <summary>Describes the server configured by <paramref name="options"/>.</summary>
    /// <param name="options">The validated PDS options.</param>
    /// <returns>The description.</returns>
    public static DescribeServerOutput From(PdsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DescribeServerOutput(
            options.ServiceDid!,
            [.. options.UserDomains],
            options.InviteRequired,
            PhoneVerificationRequired: false,
            options.BlobUploadLimitBytes,
            new DescribeServerLinks(options.PrivacyPolicyUrl, options.TermsOfServiceUrl),
            new DescribeServerContact(options.ContactEmail));
    }
}
