namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Sends an XRPC request to another service (the AppView, a labeler, a report service) for the proxy: the outbound
/// HTTP transport. Implementations refuse to connect to non-public addresses unless SSRF protection is off, follow no
/// redirects, decompress nothing, and return once the response headers are in.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Service Proxying".</remarks>
public interface IXrpcUpstream
{
    /// <summary>Sends the request and waits for the response headers.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request (the caller adds the headers timeout).</param>
    /// <returns>The response; dispose it.</returns>
    /// <exception cref="UpstreamUnreachableException">No connection, a refused address, or a broken exchange.</exception>
    Task<XrpcUpstreamResponse> SendAsync(XrpcUpstreamRequest request, CancellationToken cancellationToken = default);
}
