using System.Security.Cryptography;
using System.Text;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// Authenticates XRPC requests from their <c>Authorization</c> header value (the host passes the raw header; nothing
/// here knows HTTP): <c>Bearer</c> access tokens for ordinary endpoints, <c>Bearer</c> refresh tokens only for
/// refreshSession/deleteSession, <c>Bearer</c> service-auth JWTs from other services, and <c>Basic</c> admin
/// credentials (user <c>admin</c>, the configured admin password, compared in constant time).
/// </summary>
/// <remarks>
/// Failures are <see cref="XrpcException"/>s as the reference PDS sends them: no or unusable credentials → 401
/// <c>AuthenticationRequired</c>; an expired session token → 400 <c>ExpiredToken</c>; any other bad session token
/// (signature, type, scope, audience) → 400 <c>InvalidToken</c>; a taken-down or deactivated account where that is
/// checked → 401 <c>AccountTakedown</c> / <c>AccountDeactivated</c>; bad service auth → 401 with <c>BadJwt…</c>
/// names (see <see cref="AuthErrorNames"/>). Spec: atproto.com/specs/xrpc ("Authentication").
/// </remarks>
public sealed class AuthVerifier
{
    private const string BearerPrefix = "Bearer ";
    private const string BasicPrefix = "Basic ";
    private const string AdminUser = "admin";

    private readonly SessionTokens _tokens;
    private readonly IAccountStore _accounts;
    private readonly byte[]? _adminPasswordHash;
    private readonly TimeProvider _time;

    /// <summary>Initializes the verifier.</summary>
    /// <param name="tokens">The session token service.</param>
    /// <param name="accounts">The account store, for takedown and deactivation checks.</param>
    /// <param name="adminPassword">The admin password, or <see langword="null"/> to refuse all admin requests.</param>
    /// <param name="timeProvider">The clock for service-auth checks; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="tokens"/> or <paramref name="accounts"/> is <see langword="null"/>.</exception>
    public AuthVerifier(SessionTokens tokens, IAccountStore accounts, string? adminPassword, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(accounts);
        _tokens = tokens;
        _accounts = accounts;
        _adminPasswordHash = string.IsNullOrEmpty(adminPassword) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(adminPassword));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Checks an access token's signature, times and scope against the endpoint's level, without the storage read that
    /// tells whether its session still exists: endpoints use <see cref="VerifyAccessAsync(string?, AccessLevel, bool, CancellationToken)"/>.
    /// </summary>
    /// <param name="authorization">The <c>Authorization</c> header value, or <see langword="null"/>.</param>
    /// <param name="level">The scopes the endpoint accepts.</param>
    /// <param name="allowTakendown">Also accept the narrow <c>com.atproto.takendown</c> scope.</param>
    /// <returns>The principal.</returns>
    /// <exception cref="XrpcException">401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> or 400 <c>InvalidToken</c>.</exception>
    public AccessPrincipal VerifyAccess(string? authorization, AccessLevel level = AccessLevel.Standard, bool allowTakendown = false) =>
        CheckAccessToken(authorization, level, allowTakendown, out _);

    private AccessPrincipal CheckAccessToken(string? authorization, AccessLevel level, bool allowTakendown, out string? sessionId)
    {
        var token = BearerToken(authorization);
        SessionTokenClaims claims;
        try
        {
            claims = _tokens.ValidateAccessToken(token);
        }
        catch (JwtException e)
        {
            throw SessionTokenError(e);
        }
        var accepted = claims.Scope switch
        {
            AuthScope.Access => true,
            AuthScope.AppPassPrivileged => level != AccessLevel.Full,
            AuthScope.AppPass => level == AccessLevel.Standard,
            AuthScope.Takendown => allowTakendown,
            _ => false,
        };
        if (!accepted)
        {
            throw new XrpcException(400, XrpcErrorName.InvalidToken, "Bad token scope");
        }
        sessionId = claims.TokenId;
        return new AccessPrincipal(claims.Did, claims.Scope);
    }

    /// <summary>
    /// Authenticates an access token as <see cref="VerifyAccess"/> does, then checks that its session is still live: an
    /// access token names (in <c>jti</c>) the refresh token issued with it, and stops working once that refresh token is
    /// revoked (deleteSession, its app password revoked, a takedown or password change) or was rotated and its grace
    /// period has been cleaned up. The reference PDS lets access tokens live out their 2 hours; we do not.
    /// </summary>
    /// <param name="authorization">The <c>Authorization</c> header value, or <see langword="null"/>.</param>
    /// <param name="level">The scopes the endpoint accepts.</param>
    /// <param name="allowTakendown">Also accept the narrow <c>com.atproto.takendown</c> scope (whose session has no refresh record).</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>The principal.</returns>
    /// <exception cref="XrpcException">As <see cref="VerifyAccess"/>; 400 <c>InvalidToken</c> ("Token has been revoked") when the session is
    /// gone, 401 <c>AccountTakedown</c> when a takedown ended it, 403 <c>AccountNotFound</c> when the account was deleted.</exception>
    public async Task<AccessPrincipal> VerifyAccessAsync(
        string? authorization, AccessLevel level = AccessLevel.Standard, bool allowTakendown = false, CancellationToken cancellationToken = default)
    {
        var principal = CheckAccessToken(authorization, level, allowTakendown, out var sessionId);
        await RequireLiveSessionAsync(principal, sessionId, cancellationToken).ConfigureAwait(false);
        return principal;
    }

    private async Task RequireLiveSessionAsync(AccessPrincipal principal, string? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is not null && principal.Scope != AuthScope.Takendown
            && !await IsSessionLiveAsync(principal.Did, sessionId, cancellationToken).ConfigureAwait(false))
        {
            // A takedown or deletion ends every session; its tokens say why, as the reference PDS's still-valid tokens would.
            var account = await _accounts.GetAccountAsync(principal.Did, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                throw new XrpcException(403, Accounts.AccountErrorNames.AccountNotFound, "Account not found");
            }

            if (account.Status == AccountStatus.Takendown)
            {
                throw new XrpcException(401, XrpcErrorName.AccountTakedown, "Account has been taken down");
            }

            throw new XrpcException(400, XrpcErrorName.InvalidToken, "Token has been revoked");
        }
    }

    /// <summary>Authenticates an access token (see <see cref="VerifyAccessAsync(string?, AccessLevel, bool, CancellationToken)"/>) and checks the account's state.</summary>
    /// <param name="authorization">The <c>Authorization</c> header value.</param>
    /// <param name="level">The scopes the endpoint accepts.</param>
    /// <param name="checkTakedown">Refuse taken-down accounts.</param>
    /// <param name="checkDeactivated">Refuse deactivated accounts.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>The principal.</returns>
    /// <exception cref="XrpcException">As <see cref="VerifyAccess"/>; 403 <c>AccountNotFound</c> for a deleted account;
    /// 401 <c>AccountTakedown</c> or <c>AccountDeactivated</c>.</exception>
    public async Task<AccessPrincipal> VerifyAccessAsync(
        string? authorization, AccessLevel level, bool checkTakedown, bool checkDeactivated, CancellationToken cancellationToken = default)
    {
        // The account's state first: a taken-down account's revoked sessions answer AccountTakedown, as the reference PDS does.
        var principal = CheckAccessToken(authorization, level, allowTakendown: false, out var sessionId);
        if (checkTakedown || checkDeactivated)
        {
            var account = await _accounts.GetAccountAsync(principal.Did, cancellationToken).ConfigureAwait(false)
                ?? throw new XrpcException(403, Accounts.AccountErrorNames.AccountNotFound, "Account not found");
            if (checkTakedown && account.Status == AccountStatus.Takendown)
            {
                throw new XrpcException(401, XrpcErrorName.AccountTakedown, "Account has been taken down");
            }
            if (checkDeactivated && account.DeactivatedAt is not null)
            {
                throw new XrpcException(401, XrpcErrorName.AccountDeactivated, "Account is deactivated");
            }
        }
        await RequireLiveSessionAsync(principal, sessionId, cancellationToken).ConfigureAwait(false);
        return principal;
    }

    /// <summary>Authenticates a refresh token's JWT (refreshSession and deleteSession only); the record is checked by <see cref="SessionService"/>.</summary>
    /// <param name="authorization">The <c>Authorization</c> header value.</param>
    /// <param name="allowExpired">Accept an expired token (deleteSession).</param>
    /// <returns>The principal.</returns>
    /// <exception cref="XrpcException">401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> or 400 <c>InvalidToken</c>.</exception>
    public RefreshPrincipal VerifyRefresh(string? authorization, bool allowExpired = false)
    {
        var token = BearerToken(authorization);
        try
        {
            var claims = _tokens.ValidateRefreshToken(token, allowExpired);
            return new RefreshPrincipal(claims.Did, claims.TokenId!, claims.ExpiresAt);
        }
        catch (JwtException e)
        {
            throw SessionTokenError(e);
        }
    }

    /// <summary>Tells whether the header carries valid admin Basic credentials.</summary>
    /// <param name="authorization">The <c>Authorization</c> header value.</param>
    /// <returns><see langword="true"/> for <c>Basic base64(admin:&lt;admin password&gt;)</c>.</returns>
    public bool IsAdmin(string? authorization)
    {
        if (_adminPasswordHash is null || authorization is null || !authorization.StartsWith(BasicPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(authorization[BasicPrefix.Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(decoded);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }
        // Hashing both sides first makes the comparison constant-time regardless of the password's length.
        var candidate = SHA256.HashData(Encoding.UTF8.GetBytes(text[(colon + 1)..]));
        var passwordMatches = CryptographicOperations.FixedTimeEquals(candidate, _adminPasswordHash);
        return passwordMatches & text[..colon] == AdminUser;
    }

    /// <summary>Requires admin Basic credentials.</summary>
    /// <param name="authorization">The <c>Authorization</c> header value.</param>
    /// <exception cref="XrpcException">401 <c>AuthenticationRequired</c> when they are missing or wrong.</exception>
    public void VerifyAdmin(string? authorization)
    {
        if (!IsAdmin(authorization))
        {
            throw XrpcException.AuthenticationRequired();
        }
    }

    /// <summary>Authenticates an inter-service JWT addressed to this PDS.</summary>
    /// <param name="authorization">The <c>Authorization</c> header value.</param>
    /// <param name="lxm">The NSID of the called method, required in the token's <c>lxm</c>; <see langword="null"/> to skip.</param>
    /// <param name="resolveKey">Finds the issuer's signing key.</param>
    /// <param name="cancellationToken">A token that cancels key resolution.</param>
    /// <returns>The claims; <see cref="ServiceJwtClaims.IssuerDid"/> is the caller.</returns>
    /// <exception cref="XrpcException">401 <c>AuthenticationRequired</c> or a 401 <c>BadJwt…</c>/<c>JwtExpired</c> error.</exception>
    public async Task<ServiceJwtClaims> VerifyServiceAuthAsync(
        string? authorization, string? lxm, ServiceKeyResolver resolveKey, CancellationToken cancellationToken = default)
    {
        var token = BearerToken(authorization);
        try
        {
            return await ServiceJwt.VerifyAsync(token, _tokens.Options.ServiceDid.Value, lxm, resolveKey, _time.GetUtcNow(), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (JwtException e)
        {
            var name = e.Error switch
            {
                JwtError.WrongType => AuthErrorNames.BadJwtType,
                JwtError.Expired or JwtError.NotYetValid => AuthErrorNames.JwtExpired,
                JwtError.WrongAudience => AuthErrorNames.BadJwtAudience,
                JwtError.WrongMethod => AuthErrorNames.BadJwtLexiconMethod,
                JwtError.BadSignature => AuthErrorNames.BadJwtSignature,
                _ => AuthErrorNames.BadJwt,
            };
            throw new XrpcException(401, name, e.Message, e);
        }
    }

    /// <summary>
    /// Follows the refresh token chain from <paramref name="tokenId"/> (at most 16 rotations): live when it ends at an
    /// unexpired record that has not been rotated, revoked when a record on the way is gone.
    /// </summary>
    private async Task<bool> IsSessionLiveAsync(Protocol.Syntax.Did did, string tokenId, CancellationToken cancellationToken)
    {
        var id = tokenId;
        for (var hop = 0; hop < 16; hop++)
        {
            var record = await _accounts.GetRefreshTokenAsync(did, id, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return false;
            }
            if (record.NextId is null)
            {
                return record.ExpiresAt > _time.GetUtcNow();
            }
            id = record.NextId;
        }
        return false;
    }

    private static string BearerToken(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.Ordinal)
            || authorization.Length == BearerPrefix.Length)
        {
            throw XrpcException.AuthenticationRequired();
        }
        return authorization[BearerPrefix.Length..].Trim();
    }

    private static XrpcException SessionTokenError(JwtException e) => e.Error switch
    {
        JwtError.Expired => new XrpcException(400, XrpcErrorName.ExpiredToken, "Token has expired", e),
        JwtError.WrongType => new XrpcException(400, XrpcErrorName.InvalidToken, "Invalid token type", e),
        JwtError.WrongScope => new XrpcException(400, XrpcErrorName.InvalidToken, "Bad token scope", e),
        _ => new XrpcException(400, XrpcErrorName.InvalidToken, "Token could not be verified", e),
    };
}
