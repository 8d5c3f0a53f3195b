using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Auth;

/// <summary>The checked claims of an inter-service auth JWT.</summary>
/// <param name="Issuer">The <c>iss</c> as sent: a DID, optionally with a <c>#service</c> fragment.</param>
/// <param name="IssuerDid">The DID part of <paramref name="Issuer"/>: the account or service that signed.</param>
/// <param name="ServiceId">The fragment of <paramref name="Issuer"/> without <c>#</c> (e.g. <c>atproto_labeler</c>), or <see langword="null"/>.</param>
/// <param name="Audience">The <c>aud</c>: the receiving service's DID, optionally with a fragment.</param>
/// <param name="Lxm">The <c>lxm</c> method binding, or <see langword="null"/>.</param>
/// <param name="Jti">The <c>jti</c> nonce, or <see langword="null"/>.</param>
/// <param name="ExpiresAt">The <c>exp</c> (UTC).</param>
/// <param name="IssuedAt">The <c>iat</c> (UTC), or <see langword="null"/>.</param>
public sealed record ServiceJwtClaims(
    string Issuer, Did IssuerDid, string? ServiceId, string Audience, string? Lxm, string? Jti, DateTimeOffset ExpiresAt, DateTimeOffset? IssuedAt);
