namespace ServerlessPds.Protocol.Identity;

/// <summary>
/// A service entry of a <see cref="PlcOperation"/>: the value under a service id (such as <c>atproto_pds</c>) in the
/// operation's <c>services</c> map, rendered as a <c>service</c> entry of the DID document.
/// </summary>
/// <remarks>Spec: web.plc.directory/spec/v0.1/did-plc ("services": a map of ids to <c>{type, endpoint}</c>).</remarks>
/// <param name="Type">The service type, e.g. <c>AtprotoPersonalDataServer</c>.</param>
/// <param name="Endpoint">The service URL, e.g. <c>https://pds.example.com</c>.</param>
public sealed record PlcService(string Type, string Endpoint)
{
    /// <summary>The service type of an atproto PDS.</summary>
    public const string AtprotoPdsType = "AtprotoPersonalDataServer";

    /// <summary>Creates the <c>atproto_pds</c> entry for a PDS.</summary>
    /// <param name="pdsEndpoint">The PDS URL: absolute <c>https</c> (or <c>http</c> for local development) with only scheme, host and port.</param>
    /// <returns>The entry, with the endpoint written as <c>scheme://host[:port]</c> (no trailing slash).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pdsEndpoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The URL is relative, not http(s), or has a path, query or fragment.</exception>
    /// <remarks>Spec: atproto.com/specs/did ("the PDS endpoint ... should include only the scheme, hostname and port").</remarks>
    public static PlcService AtprotoPds(Uri pdsEndpoint) => new(AtprotoPdsType, FormatServiceEndpoint(pdsEndpoint));

    /// <summary>Checks and formats a service endpoint URL as atproto writes it.</summary>
    /// <param name="endpoint">An absolute http(s) URL with no path (or just <c>/</c>), query or fragment.</param>
    /// <returns><c>scheme://host[:port]</c>, lowercase, without a trailing slash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The URL is relative, not http(s), or has a path, query, fragment or user info.</exception>
    public static string FormatServiceEndpoint(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"A service endpoint is an absolute http(s) URL; got '{endpoint}'.", nameof(endpoint));
        }

        if (endpoint.AbsolutePath != "/" || endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0 || endpoint.UserInfo.Length > 0)
        {
            throw new ArgumentException($"A service endpoint has only a scheme, host and port; got '{endpoint}'.", nameof(endpoint));
        }

        return endpoint.GetLeftPart(UriPartial.Authority);
    }
}
