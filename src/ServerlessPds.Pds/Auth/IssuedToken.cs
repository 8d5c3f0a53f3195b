namespace ServerlessPds.Pds.Auth;

/// <summary>A newly signed JWT and when it expires.</summary>
/// <param name="Jwt">The compact token.</param>
/// <param name="ExpiresAt">Its <c>exp</c>, whole seconds (UTC).</param>
public sealed record IssuedToken(string Jwt, DateTimeOffset ExpiresAt);
