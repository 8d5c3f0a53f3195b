using System.Net;

namespace ServerlessPds.Host.Identity;

/// <summary>Settings of <see cref="HandleResolver"/>.</summary>
/// <remarks>Spec: atproto.com/specs/handle ("Handle Resolution").</remarks>
public sealed record HandleResolverOptions
{
    /// <summary>Gets the default time allowed for each method (DNS, then HTTPS): 3 seconds.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Gets the time allowed for each DNS attempt (a server gets two: the first and one retry) and for the HTTPS request.
    /// </summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// Gets the DNS servers to ask, in order; <see langword="null"/> uses the system's (on Linux the <c>nameserver</c>
    /// lines of <c>/etc/resolv.conf</c>). An empty list skips the DNS method.
    /// </summary>
    public IReadOnlyList<IPEndPoint>? DnsServers { get; init; }

    /// <summary>
    /// Gets the scheme of the well-known URL: <c>https</c> (the spec's) or, for tests and local development only,
    /// <c>http</c>.
    /// </summary>
    public string WellKnownScheme { get; init; } = Uri.UriSchemeHttps;
}
