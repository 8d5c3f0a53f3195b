using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// The <c>did:web</c> method as atproto restricts it: hostname-level DIDs only (<c>did:web:example.com</c>), no
/// paths, the handle TLD restrictions, and a port (written <c>%3A</c>) only for <c>localhost</c> in development.
/// The document is served at <c>https://&lt;host&gt;/.well-known/did.json</c> (plain http for <c>localhost</c>).
/// </summary>
/// <remarks>Spec: atproto.com/specs/did ("did:web in AT Protocol"), W3C did:web method.</remarks>
public static class DidWeb
{
    /// <summary>The prefix of every <c>did:web</c>.</summary>
    public const string Prefix = "did:web:";

    /// <summary>The path of the DID document on the DID's host.</summary>
    public const string DocumentPath = "/.well-known/did.json";

    private const string Localhost = "localhost";
    private const string EncodedColon = "%3A";

    /// <summary>Builds the <c>did:web</c> of a host.</summary>
    /// <param name="hostname">A valid hostname with an allowed TLD, or <c>localhost</c>; any case (written lowercase).</param>
    /// <param name="port">A port, allowed only with <c>localhost</c>; <see langword="null"/> for none.</param>
    /// <returns>The DID, e.g. <c>did:web:example.com</c> or <c>did:web:localhost%3A2583</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hostname"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The hostname is not allowed, or a port is given for another host than <c>localhost</c> or out of range.</exception>
    public static Did FromHost(string hostname, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(hostname);
        var host = hostname.ToLowerInvariant();
        if (port is not null && (host != Localhost || port is < 1 or > 65535))
        {
            throw new ArgumentException("A did:web has a port (1-65535) only for localhost.", nameof(port));
        }

        if (!IsAllowedHostname(host))
        {
            throw new ArgumentException($"'{hostname}' is not a hostname that atproto allows for did:web.", nameof(hostname));
        }

        return Did.Parse(Prefix + host + (port is null ? string.Empty : EncodedColon + port.Value.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Reads the host and port of a <c>did:web</c> that atproto supports.</summary>
    /// <param name="did">The DID.</param>
    /// <param name="hostname">The lowercase hostname when supported.</param>
    /// <param name="port">The port (only ever for <c>localhost</c>), or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> if <paramref name="did"/> is a supported <c>did:web</c>; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    public static bool TryGetHost(Did did, [NotNullWhen(true)] out string? hostname, out int? port)
    {
        ArgumentNullException.ThrowIfNull(did);
        hostname = null;
        port = null;
        if (did.Method != "web")
        {
            return false;
        }

        var identifier = did.Identifier;
        var host = identifier;
        int? parsedPort = null;
        var portAt = identifier.IndexOf(EncodedColon, StringComparison.OrdinalIgnoreCase);
        if (portAt >= 0)
        {
            host = identifier[..portAt];
            var digits = identifier[(portAt + EncodedColon.Length)..];
            if (host != Localhost || digits.Length is 0 or > 5 || !digits.All(char.IsAsciiDigit)
                || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
            {
                return false;
            }

            parsedPort = value;
        }

        if (host.Contains(':', StringComparison.Ordinal) || host.Contains('%', StringComparison.Ordinal)
            || host != host.ToLowerInvariant() || !IsAllowedHostname(host))
        {
            return false;
        }

        hostname = host;
        port = parsedPort;
        return true;
    }

    /// <summary>Tells whether a DID is a <c>did:web</c> that atproto supports (see <see cref="TryGetHost"/>).</summary>
    /// <param name="did">The DID.</param>
    /// <returns><see langword="true"/> if supported; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    public static bool IsSupported(Did did) => TryGetHost(did, out _, out _);

    /// <summary>Gets the URL of a <c>did:web</c>'s document.</summary>
    /// <param name="did">A supported <c>did:web</c>.</param>
    /// <returns><c>https://&lt;host&gt;/.well-known/did.json</c>, or <c>http://localhost[:port]/.well-known/did.json</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="did"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="did"/> is not a supported <c>did:web</c>.</exception>
    public static Uri GetDocumentUrl(Did did)
    {
        if (!TryGetHost(did, out var host, out var port))
        {
            throw new ArgumentException($"'{did}' is not a did:web that atproto supports.", nameof(did));
        }

        var builder = new UriBuilder(host == Localhost ? Uri.UriSchemeHttp : Uri.UriSchemeHttps, host, port ?? -1, DocumentPath);
        return builder.Uri;
    }

    private static bool IsAllowedHostname(string host) =>
        host == Localhost || (Handle.TryParse(host, out var handle) && !handle.HasDisallowedTld);
}
