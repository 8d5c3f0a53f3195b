using System.Net;
using System.Net.Sockets;
using ServerlessPds.Pds.Proxy;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// The outbound HTTP client of XRPC proxying: pooled keep-alive connections, no redirects, no cookies, no decompression
/// (bytes pass through as the upstream encoded them), no environment proxy. Unless
/// <see cref="ProxyOptions.DisableSsrfProtection"/>, connections go only to public unicast addresses
/// (<see cref="SsrfAddressPolicy"/>): the host name is resolved here and every address checked before connecting, so a
/// DNS answer cannot point the PDS at its own network.
/// </summary>
public sealed class ProxyHttpClient : IDisposable
{
    /// <summary>Initializes the client.</summary>
    /// <param name="options">The proxy settings.</param>
    public ProxyHttpClient(ProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.HeadersTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxResponseHeadersLength = 64,
        };
        if (!options.DisableSsrfProtection)
        {
            handler.ConnectCallback = ConnectPublicAsync;
        }
        Client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Gets the client; time limits are applied per request by the caller.</summary>
    public HttpClient Client { get; }

    /// <summary>Gets the proxy settings.</summary>
    public ProxyOptions Options { get; }

    /// <inheritdoc/>
    public void Dispose() => Client.Dispose();

    private static async ValueTask<Stream> ConnectPublicAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = Array.FindAll(addresses, SsrfAddressPolicy.IsPublicUnicast);
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
        {
            throw new HttpRequestException($"Hostname {endpoint.Host} resolved to a non-unicast address");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
