namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// Endpoint metadata marking an XRPC method: its NSID and the HTTP method the lexicon gives it (<c>GET</c> for a
/// query, <c>POST</c> for a procedure). The XRPC fallback uses it to answer a known method called with the wrong verb.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Lexicon HTTP Endpoints" (query = GET, procedure = POST).</remarks>
/// <param name="Nsid">The method's NSID, e.g. <c>com.atproto.server.describeServer</c>.</param>
/// <param name="HttpMethod">The expected HTTP method: <c>GET</c> or <c>POST</c>.</param>
public sealed record XrpcMethodMetadata(string Nsid, string HttpMethod);
