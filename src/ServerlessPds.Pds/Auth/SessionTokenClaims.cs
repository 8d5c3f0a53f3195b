using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Auth;

/// <summary>The checked contents of a session JWT.</summary>
/// <param name="Did">The account (<c>sub</c>).</param>
/// <param name="Scope">The <c>scope</c> (see <see cref="AuthScope"/>).</param>
/// <param name="TokenId">The <c>jti</c>: a refresh token's id; for an access token, the id of the refresh token of its session, or <see langword="null"/>.</param>
/// <param name="ExpiresAt">The <c>exp</c> (UTC).</param>
public sealed record SessionTokenClaims(Did Did, string Scope, string? TokenId, DateTimeOffset ExpiresAt);
