using Microsoft.Extensions.Options;

namespace ServerlessPds.Host.Configuration;

/// <summary>
/// Fills in the <see cref="PdsOptions"/> defaults that derive from <see cref="PdsOptions.Hostname"/>:
/// <see cref="PdsOptions.PublicUrl"/> (<c>https://host</c>), <see cref="PdsOptions.ServiceDid"/> (<c>did:web:host</c>)
/// and <see cref="PdsOptions.UserDomains"/> (<c>.host</c>, or <c>.test</c> for <c>localhost</c>). Leaves them unset when
/// the host name is missing or invalid, so the validator reports only the host name.
/// </summary>
internal sealed class PdsOptionsDefaults : IPostConfigureOptions<PdsOptions>
{
    /// <summary>The handle suffix used when the PDS runs as <c>localhost</c>: a reserved TLD, never resolvable in DNS.</summary>
    public const string LocalUserDomain = ".test";

    /// <inheritdoc/>
    public void PostConfigure(string? name, PdsOptions options)
    {
        var hostname = options.Hostname?.Trim();
        if (hostname is null || !IsHostname(hostname))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(options.PublicUrl))
        {
            options.PublicUrl = $"https://{hostname}";
        }

        if (string.IsNullOrWhiteSpace(options.ServiceDid))
        {
            options.ServiceDid = $"did:web:{hostname}";
        }

        if (options.UserDomains.Count == 0)
        {
            options.UserDomains.Add(string.Equals(hostname, "localhost", StringComparison.OrdinalIgnoreCase) ? LocalUserDomain : "." + hostname);
        }
    }

    /// <summary>Tells whether <paramref name="value"/> is a DNS host name (no scheme, port, path or trailing dot).</summary>
    /// <param name="value">The candidate.</param>
    /// <returns><see langword="true"/> if it is a host name; otherwise <see langword="false"/>.</returns>
    internal static bool IsHostname(string value) => Uri.CheckHostName(value) == UriHostNameType.Dns && !value.EndsWith('.');
}
