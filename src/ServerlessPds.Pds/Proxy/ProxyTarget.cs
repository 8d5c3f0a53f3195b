using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Proxy;

/// <summary>Where one proxied request goes.</summary>
/// <param name="Did">The service's DID; the service-auth token's <c>aud</c> (bare, without the fragment, as the reference).</param>
/// <param name="ServiceId">The service entry's id without <c>#</c>, e.g. <c>bsky_appview</c>, <c>atproto_labeler</c>, <c>bsky_chat</c>.</param>
/// <param name="Endpoint">The service's base URL; the request path and query are appended unchanged.</param>
/// <param name="Configured"><see langword="true"/> if the endpoint is one the operator configured (not taken from a DID document).</param>
public sealed record ProxyTarget(Did Did, string ServiceId, Uri Endpoint, bool Configured);
