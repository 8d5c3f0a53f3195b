namespace ServerlessPds.Host.Configuration;

/// <summary>
/// The PDS's settings, bound from the configuration section <see cref="SectionName"/> (environment variables
/// <c>Pds__Hostname</c>, <c>Pds__Storage__ConnectionString</c>, <c>Pds__UserDomains__0</c>, ...). Defaults that depend
/// on other settings (<see cref="PublicUrl"/>, <see cref="ServiceDid"/>, <see cref="UserDomains"/>) are filled in by
/// <see cref="PdsOptionsDefaults"/>; <see cref="PdsOptionsValidator"/> checks everything at start-up.
/// </summary>
public sealed class PdsOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Pds";

    /// <summary>The default <see cref="PlcUrl"/>: the public PLC directory.</summary>
    public const string DefaultPlcUrl = "https://plc.directory";

    /// <summary>
    /// The default <see cref="BlobUploadLimitBytes"/>: 314,572,800 bytes (300 MiB), the reference installer's
    /// <c>PDS_BLOB_UPLOAD_LIMIT</c> and what <c>app.bsky.embed.video</c> allows. Uploads stream, so memory stays flat.
    /// </summary>
    public const long DefaultBlobUploadLimitBytes = 300L * 1024 * 1024;

    /// <summary>The fewest characters <see cref="AdminPassword"/> may have.</summary>
    public const int MinAdminPasswordLength = 12;

    /// <summary>The fewest characters <see cref="JwtSecret"/> may have (HS256 wants at least 256 bits of key).</summary>
    public const int MinJwtSecretLength = 32;

    /// <summary>The length of the decoded <see cref="KeyEncryptionKey"/>, in bytes (an AES-256 key).</summary>
    public const int KeyEncryptionKeyBytes = 32;

    /// <summary>Gets or sets the public host name of this PDS, e.g. <c>pds.example.com</c> (no scheme, no port). Required.</summary>
    public string? Hostname { get; set; }

    /// <summary>
    /// Gets or sets the public base URL clients reach this PDS at, e.g. <c>https://pds.example.com</c>: an absolute
    /// http or https URL without path, query or fragment. Defaults to <c>https://</c> + <see cref="Hostname"/>.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Gets or sets the PDS's own DID, e.g. <c>did:web:pds.example.com</c> (the <c>did</c> of describeServer and the
    /// audience of service auth). Defaults to <c>did:web:</c> + <see cref="Hostname"/>.
    /// </summary>
    public string? ServiceDid { get; set; }

    /// <summary>
    /// Gets the handle suffixes accounts may register under, each starting with a dot, e.g. <c>.pds.example.com</c>
    /// or <c>.test</c>. Defaults to <c>.</c> + <see cref="Hostname"/>, or <c>.test</c> when the host name is
    /// <c>localhost</c>.
    /// </summary>
    public IList<string> UserDomains { get; } = [];

    /// <summary>Gets or sets the password of the <c>admin</c> user (HTTP Basic auth on admin methods). Required.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Gets or sets the HMAC secret that signs access and refresh tokens (HS256). Required, at least 32 characters.</summary>
    public string? JwtSecret { get; set; }

    /// <summary>
    /// Gets or sets the key that encrypts account signing keys at rest: base64 of exactly
    /// <see cref="KeyEncryptionKeyBytes"/> random bytes (<c>head -c 32 /dev/urandom | base64</c>). Required.
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>Gets or sets the PLC directory's base URL, an absolute http or https URL. Defaults to <see cref="DefaultPlcUrl"/>.</summary>
    public string PlcUrl { get; set; } = DefaultPlcUrl;

    /// <summary>Gets or sets a value indicating whether creating an account needs an invite code. Defaults to <see langword="true"/>.</summary>
    public bool InviteRequired { get; set; } = true;

    /// <summary>Gets or sets the largest blob <c>com.atproto.repo.uploadBlob</c> accepts, in bytes. Defaults to <see cref="DefaultBlobUploadLimitBytes"/>.</summary>
    public long BlobUploadLimitBytes { get; set; } = DefaultBlobUploadLimitBytes;

    /// <summary>Gets the blob garbage collector's settings (<c>Pds__Blobs__GcInterval</c>, <c>Pds__Blobs__GcGracePeriod</c>).</summary>
    public PdsBlobOptions Blobs { get; } = new();

    /// <summary>Gets the Azure Storage account the PDS keeps its data in. Required.</summary>
    public PdsStorageOptions Storage { get; } = new();

    /// <summary>Gets how commits are serialised per DID (<c>Pds__Commits__Serializer</c>, <c>Pds__Commits__TaskHub</c>).</summary>
    public PdsCommitOptions Commits { get; } = new();

    /// <summary>Gets or sets the contact e-mail address published by describeServer, or <see langword="null"/>.</summary>
    public string? ContactEmail { get; set; }

    /// <summary>Gets or sets the privacy policy URL published by describeServer, or <see langword="null"/>.</summary>
    public string? PrivacyPolicyUrl { get; set; }

    /// <summary>Gets or sets the terms of service URL published by describeServer, or <see langword="null"/>.</summary>
    public string? TermsOfServiceUrl { get; set; }

    /// <summary>
    /// Gets the reverse proxies, besides loopback, whose <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> headers are
    /// believed: IP addresses or CIDR ranges, e.g. <c>10.0.0.0/8</c>. Loopback is always trusted (the Azure Functions
    /// host and local proxies connect from it).
    /// </summary>
    public IList<string> TrustedProxies { get; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether the PDS runs behind the provisioned front (<c>Pds__BehindFront</c>):
    /// Azure Front Door, then the Functions front end, then the worker. When <see langword="true"/> the last
    /// <see cref="FrontProxyHops"/> entries of <c>X-Forwarded-For</c> are consumed from any proxy address (those hops
    /// are Azure's, with addresses that change), so rate limits and request logs see the address Front Door saw, and
    /// an address a client writes into the header itself is not believed; <see cref="TrustedProxies"/> is then moot.
    /// Defaults to <see langword="false"/>: one hop, from loopback and <see cref="TrustedProxies"/> only.
    /// </summary>
    public bool BehindFront { get; set; }

    /// <summary>The <c>X-Forwarded-For</c> hops consumed when <see cref="BehindFront"/> is set: Front Door and the Functions front end.</summary>
    public const int FrontProxyHops = 2;

    /// <summary>Gets the firehose settings: retention window, per-subscriber buffer, keep-alive (<c>Pds__Firehose__*</c>).</summary>
    public PdsFirehoseOptions Firehose { get; } = new();

    /// <summary>Gets the Azure Web PubSub settings, used when <c>Pds__Firehose__Transport</c> is <c>webpubsub</c> (<c>Pds__WebPubSub__*</c>).</summary>
    public PdsWebPubSubOptions WebPubSub { get; } = new();

    /// <summary>
    /// Gets the relays (crawlers) asked to crawl this PDS (<c>com.atproto.sync.requestCrawl</c>) when an account is
    /// created or activated and, while events flow, at most every 20 minutes: base URLs such as
    /// <c>https://bsky.network</c> (<c>Pds__Crawlers__0</c>, ...). Empty by default: no relay is contacted.
    /// </summary>
    public IList<string> Crawlers { get; } = [];

    /// <summary>Gets the rate-limit settings (<c>Pds:RateLimits</c>).</summary>
    public PdsRateLimitOptions RateLimits { get; } = new();

    /// <summary>
    /// Gets or sets the PLC rotation key, 32 bytes hex (the reference's <c>PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX</c>);
    /// when empty it is derived from <see cref="KeyEncryptionKey"/>.
    /// </summary>
    public string? PlcRotationKeyK256PrivateKeyHex { get; set; }

    /// <summary>Gets or sets the SMTP URL of outgoing mail (<c>PDS_EMAIL_SMTP_URL</c>). Read for compatibility; mail delivery is not built yet.</summary>
    public string? EmailSmtpUrl { get; set; }

    /// <summary>Gets or sets the sender address of outgoing mail (<c>PDS_EMAIL_FROM_ADDRESS</c>). Read for compatibility; mail delivery is not built yet.</summary>
    public string? EmailFromAddress { get; set; }

    /// <summary>Gets or sets a value indicating the reference's development mode (<c>PDS_DEV_MODE</c>). Read for compatibility; it changes nothing here.</summary>
    public bool DevMode { get; set; }

    /// <summary>Gets the XRPC proxying settings (AppView, report service, SSRF protection), section <c>Pds:Proxy</c>.</summary>
    public PdsProxyOptions Proxy { get; } = new();
}
