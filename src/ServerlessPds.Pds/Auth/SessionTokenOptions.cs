using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Auth;

/// <summary>Settings of session tokens (<see cref="SessionTokens"/>) and refresh rotation (<see cref="SessionService"/>).</summary>
/// <remarks>Defaults follow the reference PDS except <see cref="RefreshGracePeriod"/> (see there).</remarks>
public sealed class SessionTokenOptions
{
    /// <summary>The shortest accepted <see cref="Secret"/>, in bytes (HS256 keys should be at least the hash size).</summary>
    public const int MinSecretBytes = 32;

    /// <summary>Gets the HMAC-SHA256 key that signs access and refresh tokens: at least 32 random bytes, from
    /// configuration (Key Vault in Azure). Changing it ends every session.</summary>
    public required byte[] Secret { get; init; }

    /// <summary>Gets this PDS's DID (e.g. <c>did:web:pds.example.com</c>): the <c>aud</c> of every session token.</summary>
    public required Did ServiceDid { get; init; }

    /// <summary>Gets the lifetime of access tokens: 2 hours by default, as the reference PDS.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Gets the lifetime of refresh tokens: 90 days by default, as the reference PDS.</summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Gets how long a refresh token stays usable after it was rotated, so that concurrent refreshes from one client
    /// (or a retry after a lost response) get the same successor instead of failing. Default 2 minutes; the reference
    /// PDS uses 2 hours. Within the window a reuse returns a token with the same successor id; after it, reuse fails
    /// with <c>ExpiredToken</c>. Zero makes refresh tokens strictly single-use.
    /// </summary>
    public TimeSpan RefreshGracePeriod { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets how far clocks may disagree when checking <c>exp</c>, <c>iat</c> and <c>nbf</c>: 30 seconds by default.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);
}
