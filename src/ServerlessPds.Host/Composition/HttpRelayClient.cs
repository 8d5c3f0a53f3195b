using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Host.Composition;

/// <summary><see cref="IRelayClient"/> over HTTP: <c>POST {relay}/xrpc/com.atproto.sync.requestCrawl</c> with <c>{"hostname": …}</c>.</summary>
/// <remarks>Lexicon com.atproto.sync.requestCrawl. Any status other than 2xx is a failure (<see cref="HttpRequestException"/>).</remarks>
/// <param name="http">The client; its timeout bounds each request.</param>
public sealed class HttpRelayClient(HttpClient http) : IRelayClient
{
    /// <summary>The timeout of the client <see cref="SyncComposition"/> creates.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public async Task RequestCrawlAsync(Uri relay, string hostname, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var url = new Uri(relay, "/xrpc/com.atproto.sync.requestCrawl");
        using var response = await http.PostAsJsonAsync(url, new RequestCrawlInput(hostname), RelayJsonContext.Default.RequestCrawlInput, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }
}
