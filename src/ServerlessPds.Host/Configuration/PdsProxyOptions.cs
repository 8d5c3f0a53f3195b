namespace ServerlessPds.Host.Configuration;

/// <summary>
/// XRPC proxying settings, section <c>Pds:Proxy</c> (environment <c>Pds__Proxy__*</c>, or the reference PDS's
/// <c>PDS_BSKY_APP_VIEW_URL</c>, <c>PDS_BSKY_APP_VIEW_DID</c>, <c>PDS_REPORT_SERVICE_URL</c>, <c>PDS_REPORT_SERVICE_DID</c>,
/// <c>PDS_MOD_SERVICE_URL</c>, <c>PDS_MOD_SERVICE_DID</c>, <c>PDS_DISABLE_SSRF_PROTECTION</c>,
/// <c>PDS_PROXY_MAX_RESPONSE_SIZE</c>, <c>PDS_PROXY_HEADERS_TIMEOUT</c> and <c>PDS_PROXY_BODY_TIMEOUT</c>, see
/// <see cref="ReferenceEnvironment"/>). Defaults are the reference installer's: the Bluesky AppView and moderation service.
/// </summary>
public sealed class PdsProxyOptions
{
    /// <summary>The default AppView URL.</summary>
    public const string DefaultAppViewUrl = "https://api.bsky.app";

    /// <summary>The default AppView DID.</summary>
    public const string DefaultAppViewDid = "did:web:api.bsky.app";

    /// <summary>The default report service URL.</summary>
    public const string DefaultReportServiceUrl = "https://mod.bsky.app";

    /// <summary>The default report service DID.</summary>
    public const string DefaultReportServiceDid = "did:plc:ar7c4by46qjdydhdevvrndac";

    /// <summary>Gets or sets the AppView's base URL; empty for none (then methods without a proxy header answer 400 "No service configured").</summary>
    public string? AppViewUrl { get; set; } = DefaultAppViewUrl;

    /// <summary>Gets or sets the AppView's DID (the service-auth <c>aud</c>).</summary>
    public string? AppViewDid { get; set; } = DefaultAppViewDid;

    /// <summary>Gets or sets the base URL <c>com.atproto.moderation.createReport</c> goes to; empty for none.</summary>
    public string? ReportServiceUrl { get; set; } = DefaultReportServiceUrl;

    /// <summary>Gets or sets the report service's DID.</summary>
    public string? ReportServiceDid { get; set; } = DefaultReportServiceDid;

    /// <summary>Gets or sets the moderation service's base URL (the <c>tools.ozone.*</c> methods); none by default.</summary>
    public string? ModServiceUrl { get; set; }

    /// <summary>Gets or sets the moderation service's DID.</summary>
    public string? ModServiceDid { get; set; }

    /// <summary>Gets or sets a value indicating whether proxy targets may be plain http on any address (development and tests only).</summary>
    public bool DisableSsrfProtection { get; set; }

    /// <summary>Gets or sets the largest upstream response passed on, in bytes (default 10 MiB, as the reference).</summary>
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Gets or sets how long the upstream may take to send its headers (default 10 s).</summary>
    public TimeSpan HeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long the upstream may pause while sending its body (default 30 s).</summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
