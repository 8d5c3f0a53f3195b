using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Proxy;

/// <summary>A service configured by the operator: its DID (the service-auth <c>aud</c>) and its base URL.</summary>
/// <param name="Did">The service's DID, e.g. <c>did:web:api.bsky.app</c>.</param>
/// <param name="Url">The base URL requests go to, e.g. <c>https://api.bsky.app</c>.</param>
public sealed record ProxyServiceEndpoint(Did Did, Uri Url);
