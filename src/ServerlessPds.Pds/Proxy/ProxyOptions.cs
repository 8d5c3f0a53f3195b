namespace ServerlessPds.Pds.Proxy;

/// <summary>
/// Settings of XRPC proxying (the reference PDS's <c>PDS_BSKY_APP_VIEW_*</c>, <c>PDS_REPORT_SERVICE_*</c>,
/// <c>PDS_MOD_SERVICE_*</c>, <c>PDS_PROXY_*</c> and <c>PDS_DISABLE_SSRF_PROTECTION</c>).
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Gets the AppView that methods without an <c>atproto-proxy</c> header go to (service id <c>bsky_appview</c>), or <see langword="null"/> for none.</summary>
    public ProxyServiceEndpoint? AppView { get; init; }

    /// <summary>Gets the service <c>com.atproto.moderation.createReport</c> goes to (service id <c>atproto_labeler</c>), or <see langword="null"/>.</summary>
    public ProxyServiceEndpoint? ReportService { get; init; }

    /// <summary>Gets the moderation service the <c>tools.ozone.*</c> methods go to (service id <c>atproto_labeler</c>), or <see langword="null"/>.</summary>
    public ProxyServiceEndpoint? ModService { get; init; }

    /// <summary>Gets the largest upstream response passed on, in bytes (the reference's 10 MiB).</summary>
    public long MaxResponseBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Gets how long the upstream may take to answer with its headers (the reference's 10 s).</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long the upstream may pause between body chunks (the reference's 30 s).</summary>
    public TimeSpan BodyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets a value indicating whether targets may be plain http and any address (loopback, private, link-local);
    /// <see langword="false"/> (the default) allows only https to public unicast addresses.
    /// </summary>
    public bool DisableSsrfProtection { get; init; }
}
