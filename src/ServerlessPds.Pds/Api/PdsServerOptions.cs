using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api;

/// <summary>
/// The configuration of this PDS that XRPC handlers report or need: its identity, its public URL and its account
/// policy. The host builds it once from its validated settings and registers it as a singleton.
/// </summary>
/// <remarks>Read by <c>com.atproto.server.describeServer</c> and <c>com.atproto.identity.getRecommendedDidCredentials</c>.</remarks>
public sealed class PdsServerOptions
{
    /// <summary>Gets the server's own DID, e.g. <c>did:web:pds.example.com</c>.</summary>
    public required Did ServiceDid { get; init; }

    /// <summary>Gets the server's public URL (scheme, host and port), e.g. <c>https://pds.example.com</c>; the <c>#atproto_pds</c> endpoint of its accounts.</summary>
    public required Uri PublicUrl { get; init; }

    /// <summary>Gets the handle suffixes accounts may use, each with its leading dot, e.g. <c>.pds.example.com</c>.</summary>
    public required IReadOnlyList<string> UserDomains { get; init; }

    /// <summary>Gets a value indicating whether creating an account needs an invite code.</summary>
    public bool InviteRequired { get; init; }

    /// <summary>Gets the largest blob <c>uploadBlob</c> accepts, in bytes.</summary>
    public long BlobUploadLimitBytes { get; init; }

    /// <summary>Gets the privacy policy URL, or <see langword="null"/> when none is configured.</summary>
    public string? PrivacyPolicyUrl { get; init; }

    /// <summary>Gets the terms of service URL, or <see langword="null"/> when none is configured.</summary>
    public string? TermsOfServiceUrl { get; init; }

    /// <summary>Gets the contact e-mail address, or <see langword="null"/> when none is configured.</summary>
    public string? ContactEmail { get; init; }
}
