using Microsoft.AspNetCore.Cors.Infrastructure;

namespace ServerlessPds.Host.Hosting;

/// <summary>
/// The CORS policy, as the reference PDS: any origin, any method, any request header (so <c>Authorization</c>,
/// <c>DPoP</c>, <c>atproto-proxy</c>, <c>atproto-accept-labelers</c> all pass), no credentials, preflight cached for a
/// day; the rate-limit, auth-challenge and atproto response headers are exposed to browser clients.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc ("CORS support is encouraged"); RateLimit headers: IETF draft-ietf-httpapi-ratelimit-headers.</remarks>
public static class PdsCors
{
    /// <summary>How long browsers may cache a preflight answer.</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromDays(1);

    /// <summary>The response headers browser clients may read.</summary>
    public static readonly IReadOnlyList<string> ExposedHeaders =
    [
        "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy",
        "WWW-Authenticate", "DPoP-Nonce", "atproto-repo-rev", "atproto-content-labelers",
    ];

    /// <summary>Builds the policy.</summary>
    /// <param name="policy">The builder of the default policy.</param>
    public static void Configure(CorsPolicyBuilder policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.AllowAnyOrigin()
            .AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders([.. ExposedHeaders])
            .SetPreflightMaxAge(PreflightMaxAge);
    }
}
