namespace ServerlessPds.Pds.Proxy;

/// <summary>
/// The headers a proxied call carries across, as the reference PDS (<c>pipethrough.js</c>). Towards the service:
/// <c>accept-encoding</c> (<c>identity</c> when absent), <c>accept-language</c>, <c>atproto-accept-labelers</c>, every
/// <c>x-atproto-*</c>, the deprecated <c>x-bsky-topics</c>, and with a body <c>content-type</c>,
/// <c>content-encoding</c>, <c>content-length</c>; <c>authorization</c> is replaced by the service-auth token. Back to
/// the client: <c>content-length</c>, <c>content-encoding</c>, <c>content-type</c>, <c>content-language</c> (success only),
/// <c>atproto-repo-rev</c>, <c>atproto-content-labelers</c>, <c>retry-after</c>. Names are compared case-insensitively.
/// </summary>
public static class ProxyHeaders
{
    /// <summary>The prefix of the passthrough request headers.</summary>
    public const string AtprotoPassthroughPrefix = "x-atproto-";

    /// <summary>The response header carrying the rev of the repo the AppView has indexed up to.</summary>
    public const string RepoRev = "atproto-repo-rev";

    /// <summary>The header the read-after-write responses carry: milliseconds since the oldest local record patched in.</summary>
    public const string UpstreamLag = "Atproto-Upstream-Lag";

    /// <summary>Gets the request headers forwarded as they are (besides the <c>x-atproto-*</c> prefix).</summary>
    public static IReadOnlyList<string> Request { get; } = ["accept-language", "atproto-accept-labelers", "x-bsky-topics"];

    /// <summary>Gets the request content headers forwarded with a body.</summary>
    public static IReadOnlyList<string> RequestContent { get; } = ["content-type", "content-encoding", "content-length"];

    /// <summary>Gets the response content headers passed back on success.</summary>
    public static IReadOnlyList<string> ResponseContent { get; } = ["content-length", "content-encoding", "content-type", "content-language"];

    /// <summary>Gets the response headers passed back always, XRPC errors included.</summary>
    public static IReadOnlyList<string> Response { get; } = [RepoRev, "atproto-content-labelers", "retry-after"];

    /// <summary>Tells whether a request header (other than the content headers) is forwarded.</summary>
    /// <param name="name">The header name.</param>
    /// <returns><see langword="true"/> if it is.</returns>
    public static bool IsForwardedRequestHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(AtprotoPassthroughPrefix, StringComparison.OrdinalIgnoreCase)
            || Request.Contains(name, StringComparer.OrdinalIgnoreCase);
    }
}
