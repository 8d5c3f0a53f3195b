namespace ServerlessPds.Host.Configuration;

/// <summary>
/// The rate-limit settings, bound from <c>Pds:RateLimits</c> (environment <c>Pds__RateLimits__Enabled</c>).
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc ("Rate Limits"); the reference PDS's <c>PDS_RATE_LIMITS_ENABLED</c>.</remarks>
public sealed class PdsRateLimitOptions
{
    /// <summary>
    /// Gets or sets a value indicating whether the per-IP and per-account limits are enforced. Defaults to
    /// <see langword="true"/>; when <see langword="false"/> nothing is counted, no request is refused with 429
    /// <c>RateLimitExceeded</c> and no <c>RateLimit-*</c> headers are sent (for benchmarks and load tests only).
    /// </summary>
    public bool Enabled { get; set; } = true;
}
