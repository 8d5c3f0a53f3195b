namespace ServerlessPds.Host.Composition;

/// <summary>Input of com.atproto.sync.requestCrawl.</summary>
/// <param name="Hostname">The host name of the service asking to be crawled, e.g. <c>pds.example.com</c>.</param>
public sealed record RequestCrawlInput(string Hostname);

