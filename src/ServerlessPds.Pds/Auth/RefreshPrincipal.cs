using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Auth;

/// <summary>The holder of a valid refresh token (signature and claims checked; the server-side record not yet).</summary>
/// <param name="Did">The account.</param>
/// <param name="TokenId">The token's <c>jti</c>, the key of its <see cref="Ports.RefreshTokenRecord"/>.</param>
/// <param name="ExpiresAt">The token's <c>exp</c>.</param>
public sealed record RefreshPrincipal(Did Did, string TokenId, DateTimeOffset ExpiresAt);
