using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// Finds the signing key of a service-auth JWT's issuer: the <c>#atproto</c> key of the DID document (for a
/// <c>#atproto_labeler</c> issuer, the <c>#atproto_label</c> key).
/// </summary>
/// <param name="issuer">The issuer's DID.</param>
/// <param name="serviceId">The <c>iss</c> fragment without <c>#</c>, or <see langword="null"/>.</param>
/// <param name="forceRefresh"><see langword="true"/> on the second call, after a cached key failed: bypass caches.</param>
/// <param name="cancellationToken">A token that cancels the operation.</param>
/// <returns>The key, or <see langword="null"/> when the DID cannot be resolved or has no such key.</returns>
/// <remarks>Spec: atproto.com/specs/xrpc (inter-service authentication), atproto.com/specs/did.</remarks>
public delegate ValueTask<PublicKey?> ServiceKeyResolver(Did issuer, string? serviceId, bool forceRefresh, CancellationToken cancellationToken);
