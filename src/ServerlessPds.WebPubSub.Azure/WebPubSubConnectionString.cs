namespace ServerlessPds.WebPubSub.Azure;

/// <summary>
/// A Web PubSub connection string, <c>Endpoint=https://name.webpubsub.azure.com;AccessKey=KEY;Version=1.0;</c>
/// (optionally <c>Port=N;</c>), as the portal's "Keys" blade shows it.
/// </summary>
/// <remarks>learn.microsoft.com/azure/azure-web-pubsub/howto-websocket-connect (connection string format).</remarks>
/// <param name="Endpoint">The service endpoint, e.g. <c>https://name.webpubsub.azure.com</c> (no path).</param>
/// <param name="AccessKey">The access key: signs REST calls (JWT HS256) and upstream requests (HMAC-SHA256).</param>
public sealed record WebPubSubConnectionString(Uri Endpoint, string AccessKey)
{
    /// <summary>Parses a connection string.</summary>
    /// <param name="value">The connection string; keys are case-insensitive, <c>;</c>-separated <c>key=value</c> pairs.</param>
    /// <returns>The endpoint and key.</returns>
    /// <exception cref="FormatException"><c>Endpoint</c> is missing or not an absolute http(s) URL, <c>AccessKey</c> is missing, or <c>Port</c> is not a port number.</exception>
    public static WebPubSubConnectionString Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"The Web PubSub connection string part \"{part}\" is not key=value.");
            }

            parts[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        if (!parts.TryGetValue("Endpoint", out var endpointText)
            || !Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint)
            || endpoint.Scheme is not ("https" or "http"))
        {
            throw new FormatException("The Web PubSub connection string needs Endpoint=https://<name>.webpubsub.azure.com.");
        }

        if (!parts.TryGetValue("AccessKey", out var key) || key.Length == 0)
        {
            throw new FormatException("The Web PubSub connection string needs AccessKey=<key>.");
        }

        var builder = new UriBuilder(endpoint) { Path = "/", Query = string.Empty, Fragment = string.Empty };
        if (parts.TryGetValue("Port", out var portText))
        {
            builder.Port = int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw new FormatException($"The Web PubSub connection string's Port \"{portText}\" is not a port number.");
        }

        return new WebPubSubConnectionString(builder.Uri, key);
    }
}
