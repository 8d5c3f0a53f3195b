using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// Issues and checks the PDS's own session JWTs, signed with HMAC-SHA256 (<c>HS256</c>) under the server secret.
/// Access token: header <c>{"typ":"at+jwt","alg":"HS256"}</c>, claims <c>scope</c>, <c>sub</c> (account DID),
/// <c>aud</c> (service DID), <c>iat</c>, <c>exp</c> (2 h), and <c>jti</c> naming the refresh token of its session. Refresh token: <c>typ</c> <c>refresh+jwt</c>, scope
/// <c>com.atproto.refresh</c>, plus <c>jti</c> (the server-side token id), 90 days. Thread-safe.
/// </summary>
/// <remarks>
/// Checks, in order: strict structure (<see cref="Jwt.Parse"/>), <c>alg</c> exactly <c>HS256</c>, the HMAC (constant
/// time), <c>typ</c>, the times with <see cref="SessionTokenOptions.ClockSkew"/>, <c>aud</c> equal to the service DID,
/// <c>sub</c> a DID, no <c>cnf</c> (proof-of-possession tokens are not session tokens), then the scope.
/// Spec: atproto.com/specs/xrpc (authentication); RFC 9068 (<c>at+jwt</c>); behaviour of the reference PDS's
/// <c>createAccessToken</c>/<c>createRefreshToken</c>.
/// </remarks>
public sealed class SessionTokens
{
    /// <summary>The <c>alg</c> of session tokens.</summary>
    public const string Algorithm = "HS256";

    /// <summary>The <c>typ</c> of access tokens.</summary>
    public const string AccessTokenType = "at+jwt";

    /// <summary>The <c>typ</c> of refresh tokens.</summary>
    public const string RefreshTokenType = "refresh+jwt";

    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    /// <summary>Initializes the token service.</summary>
    /// <param name="options">The secret, service DID and lifetimes.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The secret is shorter than <see cref="SessionTokenOptions.MinSecretBytes"/>.</exception>
    public SessionTokens(SessionTokenOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Secret);
        ArgumentNullException.ThrowIfNull(options.ServiceDid);
        if (options.Secret.Length < SessionTokenOptions.MinSecretBytes)
        {
            throw new ArgumentException($"The session secret must be at least {SessionTokenOptions.MinSecretBytes} bytes.", nameof(options));
        }
        Options = options;
        _secret = (byte[])options.Secret.Clone();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the options.</summary>
    public SessionTokenOptions Options { get; }

    /// <summary>Makes a random refresh token id: 32 bytes from the cryptographic generator, base64url.</summary>
    /// <returns>A 43-character id.</returns>
    public static string NewTokenId() => Base64UrlStrict.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>Issues an access token.</summary>
    /// <param name="did">The account.</param>
    /// <param name="scope">An access scope of <see cref="AuthScope"/>.</param>
    /// <param name="sessionId">The id of the refresh token issued with it (its <c>jti</c>), whose revocation ends this
    /// token too; <see langword="null"/> for a session without a refresh record (the taken-down session).</param>
    /// <returns>The token and its expiry (now + <see cref="SessionTokenOptions.AccessTokenLifetime"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is not an access scope.</exception>
    public IssuedToken CreateAccessToken(Did did, string scope, string? sessionId = null)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!AuthScope.IsAccessScope(scope))
        {
            throw new ArgumentException($"'{scope}' is not an access-token scope.", nameof(scope));
        }
        return Issue(AccessTokenType, did, scope, sessionId, Options.AccessTokenLifetime);
    }

    /// <summary>Issues a refresh token.</summary>
    /// <param name="did">The account.</param>
    /// <param name="tokenId">The <c>jti</c>: the id of the server-side refresh token record.</param>
    /// <returns>The token and its expiry (now + <see cref="SessionTokenOptions.RefreshTokenLifetime"/>).</returns>
    public IssuedToken CreateRefreshToken(Did did, string tokenId)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        return Issue(RefreshTokenType, did, AuthScope.Refresh, tokenId, Options.RefreshTokenLifetime);
    }

    /// <summary>Checks an access token (see remarks on <see cref="SessionTokens"/>).</summary>
    /// <param name="token">The compact JWT.</param>
    /// <returns>The account, scope and expiry.</returns>
    /// <exception cref="JwtException">The token is rejected; <see cref="JwtException.Error"/> says why
    /// (<see cref="JwtError.WrongType"/> for a refresh token, <see cref="JwtError.WrongScope"/> for a non-access scope).</exception>
    public SessionTokenClaims ValidateAccessToken(string? token)
    {
        var claims = Validate(token, AccessTokenType, allowExpired: false);
        if (!AuthScope.IsAccessScope(claims.Scope))
        {
            throw new JwtException(JwtError.WrongScope, "The token's scope is not an access scope.");
        }
        return claims;
    }

    /// <summary>Checks a refresh token (see remarks on <see cref="SessionTokens"/>); the caller still checks the server-side record.</summary>
    /// <param name="token">The compact JWT.</param>
    /// <param name="allowExpired">Accept a passed <c>exp</c> (deleteSession may revoke an expired token).</param>
    /// <returns>The account, scope, token id and expiry.</returns>
    /// <exception cref="JwtException">The token is rejected (<see cref="JwtError.WrongType"/> for an access token).</exception>
    public SessionTokenClaims ValidateRefreshToken(string? token, bool allowExpired = false)
    {
        var claims = Validate(token, RefreshTokenType, allowExpired);
        if (claims.Scope != AuthScope.Refresh)
        {
            throw new JwtException(JwtError.WrongScope, "The token's scope is not the refresh scope.");
        }
        if (string.IsNullOrEmpty(claims.TokenId))
        {
            throw new JwtException(JwtError.Malformed, "The refresh token has no 'jti'.");
        }
        return claims;
    }

    private IssuedToken Issue(string type, Did did, string scope, string? tokenId, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var exp = now + (long)lifetime.TotalSeconds;
        var signingInput = Jwt.CreateSigningInput(Algorithm, type, w =>
        {
            w.WriteString("scope", scope);
            w.WriteString("sub", did.Value);
            w.WriteString("aud", Options.ServiceDid.Value);
            if (tokenId is not null)
            {
                w.WriteString("jti", tokenId);
            }
            w.WriteNumber("iat", now);
            w.WriteNumber("exp", exp);
        });
        var signature = HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(signingInput));
        return new IssuedToken(Jwt.Assemble(signingInput, signature), DateTimeOffset.FromUnixTimeSeconds(exp));
    }

    private SessionTokenClaims Validate(string? token, string expectedType, bool allowExpired)
    {
        var parsed = Jwt.Parse(token);
        if (parsed.Algorithm != Algorithm)
        {
            throw new JwtException(JwtError.UnsupportedAlgorithm, $"Session tokens are signed with {Algorithm}.");
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, parsed.SigningInput, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, parsed.Signature))
        {
            throw new JwtException(JwtError.BadSignature, "The token's signature does not verify.");
        }
        if (parsed.Type != expectedType)
        {
            throw new JwtException(JwtError.WrongType, $"Expected a token of type {expectedType}.");
        }
        var claims = parsed.Claims;
        Jwt.ValidateTimes(claims, _time.GetUtcNow(), Options.ClockSkew, allowExpired);
        if (claims.Audience != Options.ServiceDid.Value)
        {
            throw new JwtException(JwtError.WrongAudience, "The token is not for this service.");
        }
        if (!Did.TryParse(claims.Subject, out var did) || claims.Contains("cnf") || claims.Scope is null)
        {
            throw new JwtException(JwtError.Malformed, "The token has no DID subject or scope, or is a proof-of-possession token.");
        }
        return new SessionTokenClaims(did, claims.Scope, claims.Id, DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt!.Value));
    }
}
