using System.Security.Cryptography;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// Inter-service auth JWTs: short-lived tokens an account's PDS signs with the account's repo signing key
/// (<c>ES256K</c> for K-256, <c>ES256</c> for P-256) so that another service (AppView, feed generator, labeler, chat)
/// can trust a request on the account's behalf. Header <c>{"typ":"JWT","alg":…}</c>; claims <c>iss</c> (account DID),
/// <c>aud</c> (service DID), <c>exp</c>, <c>iat</c>, <c>jti</c> (random nonce) and optionally <c>lxm</c> (the one XRPC
/// method the token is good for). The signature is the 64-byte low-S r‖s, base64url.
/// </summary>
/// <remarks>
/// Verification is strict: <c>alg</c> ES256K or ES256 and matching the key; <c>typ</c> absent or <c>JWT</c> (so session
/// <c>at+jwt</c>/<c>refresh+jwt</c> and <c>dpop+jwt</c> tokens are refused); <c>iss</c>, <c>aud</c>, <c>exp</c>
/// required; times within <see cref="DefaultClockSkew"/>; <c>aud</c> and <c>lxm</c> equal to the expected values when
/// given; a low-S signature. Replay protection by <c>jti</c> is left to the receiver.
/// Spec: atproto.com/specs/xrpc, "Inter-Service Authentication (JWT)"; atproto.com/specs/cryptography.
/// </remarks>
public static class ServiceJwt
{
    /// <summary>The <c>typ</c> of service-auth tokens.</summary>
    public const string Type = "JWT";

    /// <summary>The default lifetime of a new token, in seconds (com.atproto.server.getServiceAuth: "Defaults to 60 seconds").</summary>
    public const int DefaultLifetimeSeconds = 60;

    /// <summary>The clock skew verification allows by default.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Creates and signs a service-auth token.</summary>
    /// <param name="signer">The account's signing key; its algorithm sets <c>alg</c>.</param>
    /// <param name="issuer">The <c>iss</c>: the account DID (optionally with a <c>#service</c> fragment).</param>
    /// <param name="audience">The <c>aud</c>: the receiving service's DID (optionally with a fragment).</param>
    /// <param name="lxm">The <c>lxm</c> NSID, or <see langword="null"/> for a method-less token.</param>
    /// <param name="issuedAt">The <c>iat</c>.</param>
    /// <param name="expiresAt">The <c>exp</c>, after <paramref name="issuedAt"/>.</param>
    /// <param name="cancellationToken">A token that cancels signing.</param>
    /// <returns>The compact token.</returns>
    /// <exception cref="ArgumentException"><paramref name="expiresAt"/> is not after <paramref name="issuedAt"/>, or a string is empty.</exception>
    public static async ValueTask<string> CreateAsync(
        ISigner signer, string issuer, string audience, string? lxm, DateTimeOffset issuedAt, DateTimeOffset expiresAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        if (expiresAt <= issuedAt)
        {
            throw new ArgumentException("A token must expire after it is issued.", nameof(expiresAt));
        }
        var signingInput = Jwt.CreateSigningInput(signer.PublicKey.Algorithm.JwtAlgorithm, Type, w =>
        {
            w.WriteNumber("iat", issuedAt.ToUnixTimeSeconds());
            w.WriteString("iss", issuer);
            w.WriteString("aud", audience);
            w.WriteNumber("exp", expiresAt.ToUnixTimeSeconds());
            if (lxm is not null)
            {
                w.WriteString("lxm", lxm);
            }
            w.WriteString("jti", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        });
        var signature = await signer.SignAsync(System.Text.Encoding.ASCII.GetBytes(signingInput), cancellationToken).ConfigureAwait(false);
        return Jwt.Assemble(signingInput, signature);
    }

    /// <summary>Verifies a service-auth token against a known key.</summary>
    /// <param name="token">The compact token.</param>
    /// <param name="signingKey">The issuer's key.</param>
    /// <param name="audience">The required <c>aud</c>, or <see langword="null"/> to accept any (the caller checks it).</param>
    /// <param name="lxm">The required <c>lxm</c>, or <see langword="null"/> to accept any or none.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The checked claims.</returns>
    /// <exception cref="JwtException">The token is rejected; see <see cref="JwtException.Error"/>.</exception>
    public static ServiceJwtClaims Verify(string? token, PublicKey signingKey, string? audience, string? lxm, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var (parsed, claims) = Inspect(token, audience, lxm, now);
        if (!SignatureMatches(parsed, signingKey))
        {
            throw new JwtException(JwtError.BadSignature, "The token's signature does not match the issuer's key.");
        }
        return claims;
    }

    /// <summary>
    /// Verifies a service-auth token, resolving the issuer's key. When the signature fails with the (possibly cached)
    /// key, the key is resolved once more with <c>forceRefresh</c>, for issuers that rotated their key.
    /// </summary>
    /// <param name="token">The compact token.</param>
    /// <param name="audience">The required <c>aud</c>, or <see langword="null"/> to accept any.</param>
    /// <param name="lxm">The required <c>lxm</c>, or <see langword="null"/> to accept any or none.</param>
    /// <param name="resolveKey">Finds the issuer's key.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">A token that cancels key resolution.</param>
    /// <returns>The checked claims.</returns>
    /// <exception cref="JwtException">The token is rejected; <see cref="JwtError.BadSignature"/> also when no key is found.</exception>
    public static async Task<ServiceJwtClaims> VerifyAsync(
        string? token, string? audience, string? lxm, ServiceKeyResolver resolveKey, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolveKey);
        var (parsed, claims) = Inspect(token, audience, lxm, now);
        var key = await resolveKey(claims.IssuerDid, claims.ServiceId, false, cancellationToken).ConfigureAwait(false);
        if (key is not null && SignatureMatches(parsed, key))
        {
            return claims;
        }
        var fresh = await resolveKey(claims.IssuerDid, claims.ServiceId, true, cancellationToken).ConfigureAwait(false);
        if (fresh is not null && !fresh.Equals(key) && SignatureMatches(parsed, fresh))
        {
            return claims;
        }
        throw new JwtException(JwtError.BadSignature, "The token's signature does not match the issuer's key.");
    }

    private static (JwtToken Token, ServiceJwtClaims Claims) Inspect(string? token, string? audience, string? lxm, DateTimeOffset now)
    {
        var parsed = Jwt.Parse(token);
        if (parsed.Type is not (null or Type))
        {
            throw new JwtException(JwtError.WrongType, "The token's typ is not JWT.");
        }
        if (!KeyAlgorithm.TryFromJwtAlgorithm(parsed.Algorithm, out _))
        {
            throw new JwtException(JwtError.UnsupportedAlgorithm, "Service auth tokens are signed with ES256K or ES256.");
        }
        var c = parsed.Claims;
        if (c.Issuer is null || c.Audience is null || c.ExpiresAt is null)
        {
            throw new JwtException(JwtError.Malformed, "A service auth token needs iss, aud and exp.");
        }
        var hash = c.Issuer.IndexOf('#', StringComparison.Ordinal);
        var issuerDid = hash < 0 ? c.Issuer : c.Issuer[..hash];
        var serviceId = hash < 0 ? null : c.Issuer[(hash + 1)..];
        if (!Did.TryParse(issuerDid, out var did) || serviceId is "")
        {
            throw new JwtException(JwtError.Malformed, "The token's iss is not a DID.");
        }
        Jwt.ValidateTimes(c, now, DefaultClockSkew);
        if (audience is not null && c.Audience != audience)
        {
            throw new JwtException(JwtError.WrongAudience, "The token's aud is not this service.");
        }
        if (lxm is not null && c.Lxm != lxm)
        {
            throw new JwtException(JwtError.WrongMethod, c.Lxm is null ? "The token has no lxm." : "The token's lxm is for another method.");
        }
        var claims = new ServiceJwtClaims(
            c.Issuer, did, serviceId, c.Audience, c.Lxm, c.Id, DateTimeOffset.FromUnixTimeSeconds(c.ExpiresAt.Value),
            c.IssuedAt is { } iat ? DateTimeOffset.FromUnixTimeSeconds(iat) : null);
        return (parsed, claims);
    }

    private static bool SignatureMatches(JwtToken token, PublicKey key) =>
        key.Algorithm.JwtAlgorithm == token.Algorithm && key.Verify(token.SigningInput, token.Signature);
}
