namespace ServerlessPds.Pds.Ports;

/// <summary>An outbound XRPC request.</summary>
/// <param name="Method">The HTTP method: <c>GET</c>, <c>HEAD</c> or <c>POST</c>.</param>
/// <param name="Uri">The absolute URL: the service's origin + <c>/xrpc/</c> + NSID + the query string as received.</param>
/// <param name="BearerToken">The service auth JWT sent as <c>Authorization: Bearer</c>.</param>
/// <param name="Headers">Request headers to send as given (names as received).</param>
/// <param name="Body">The request body of a POST, streamed as it is read, else <see langword="null"/>.</param>
/// <param name="ContentHeaders">The body's content headers (<c>content-type</c>, <c>content-encoding</c>, <c>content-length</c>).</param>
public sealed record XrpcUpstreamRequest(
    string Method,
    Uri Uri,
    string BearerToken,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Stream? Body = null,
    IReadOnlyList<KeyValuePair<string, string>>? ContentHeaders = null);
