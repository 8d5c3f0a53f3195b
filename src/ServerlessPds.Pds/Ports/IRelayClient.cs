namespace ServerlessPds.Pds.Ports;

/// <summary>Talks to relays (crawlers): asks one to subscribe to this PDS's firehose.</summary>
/// <remarks>Lexicon com.atproto.sync.requestCrawl; atproto.com/specs/sync ("hosts ... request a crawl"). The host implements it over HTTP.</remarks>
public interface IRelayClient
{
    /// <summary>Posts <c>com.atproto.sync.requestCrawl</c> with <c>{"hostname": hostname}</c> to a relay.</summary>
    /// <param name="relay">The relay's base URL, e.g. <c>https://bsky.network</c>.</param>
    /// <param name="hostname">This PDS's public host name, e.g. <c>pds.example.com</c>.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>A task that completes when the relay accepted the request.</returns>
    /// <exception cref="Exception">Any failure: the relay cannot be reached, times out, or answers with an error status.</exception>
    Task RequestCrawlAsync(Uri relay, string hostname, CancellationToken cancellationToken = default);
}
