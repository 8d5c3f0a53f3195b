using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api;

/// <summary>
/// One XRPC request as a handler sees it, whatever host received it: the method, the query parameters, the headers, the
/// body, the client's address, and the headers to add to the response. The reading helpers (query parameters in
/// <c>XrpcCall.Query.cs</c>, the JSON body in <c>XrpcCall.Body.cs</c>) turn bad input into 400 <c>InvalidRequest</c> or
/// 413 <c>PayloadTooLarge</c>.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc ("Lexicon HTTP Endpoints", "Error Responses").</remarks>
public sealed partial class XrpcCall
{
    private static readonly IReadOnlyList<string> NoValues = [];

    private readonly List<KeyValuePair<string, string>> _responseHeaders = [];

    /// <summary>The method's NSID (from the route).</summary>
    public required Nsid Nsid { get; init; }

    /// <summary>The HTTP method, upper case: <c>GET</c>, <c>HEAD</c> or <c>POST</c>.</summary>
    public required string HttpMethod { get; init; }

    /// <summary>The query parameters, by name (case-insensitive, as the hosts' HTTP stacks match them); each with its values in order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> QueryParameters { get; init; }

    /// <summary>The query string as received: empty, or <c>?</c> followed by the encoded parameters (what a proxy forwards).</summary>
    public string QueryString { get; init; } = "";

    /// <summary>Gets a request header's values (an empty list when absent); names are case-insensitive.</summary>
    public required Func<string, IReadOnlyList<string>> Headers { get; init; }

    /// <summary>Every request header with its values, names as received (enumerated only by those that forward headers).</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> AllHeaders { get; init; } = [];

    /// <summary>The request body (empty for a query); read it once.</summary>
    public Stream Body { get; init; } = Stream.Null;

    /// <summary>The <c>Content-Type</c> header, or <see langword="null"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>The declared <c>Content-Length</c> in bytes, or <see langword="null"/> (chunked, or no body).</summary>
    public long? ContentLength { get; init; }

    /// <summary>The client's IP address as text (after the trusted proxies), or empty when unknown; the key of per-IP rate limits.</summary>
    public string ClientIp { get; init; } = "";

    /// <summary>Cancelled when the client goes away.</summary>
    public CancellationToken Aborted { get; init; }

    /// <summary>The headers to send with the response, success or error (e.g. the rate-limit headers).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders => _responseHeaders;

    /// <summary>The <c>Authorization</c> header when it is present exactly once, else <see langword="null"/>.</summary>
    public string? Authorization => Header("Authorization");

    /// <summary>Gets a header that must appear at most once.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>Its value, or <see langword="null"/> when absent or repeated.</returns>
    public string? Header(string name)
    {
        var values = Headers(name) ?? NoValues;
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>Gets a header's values joined with commas, as one HTTP field value.</summary>
    /// <param name="name">The header name (case-insensitive).</param>
    /// <returns>The joined values, empty when absent.</returns>
    public string JoinedHeader(string name) => string.Join(',', Headers(name) ?? NoValues);

    /// <summary>Gets a query parameter's values joined with commas (empty when absent), for values passed on as text.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The joined values.</returns>
    public string JoinedParameter(string name) => QueryParameters.TryGetValue(name, out var values) ? string.Join(',', values) : "";

    /// <summary>Adds a header to the response.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">Its value.</param>
    public void AddResponseHeader(string name, string value) => _responseHeaders.Add(new(name, value));

    /// <summary>
    /// Applies a rate-limit decision: its <c>RateLimit-*</c> headers go on the response, and an exceeded limit is thrown.
    /// </summary>
    /// <param name="decision">The limiter's decision.</param>
    /// <exception cref="Protocol.Xrpc.XrpcException">429 <c>RateLimitExceeded</c> when the decision refuses the call.</exception>
    public void Apply(RateLimitDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        _responseHeaders.AddRange(decision.Headers);
        decision.ThrowIfExceeded();
    }
}
