using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Auth;

/// <content>refreshSession and deleteSession: refresh token rotation.</content>
public sealed partial class SessionService
{
    private const int MaxRotationAttempts = 8;
    private const int MaxRevokedChain = 16;

    /// <summary>
    /// Exchanges a refresh token for a new access token and a new refresh token. The first use rotates the token:
    /// a successor record is created and the old record keeps only a short grace period (see
    /// <see cref="SessionTokenOptions.RefreshGracePeriod"/>). Concurrent refreshes race on a conditional replace of the
    /// old record; losers and reuses within the grace period get a refresh token with the same successor id.
    /// </summary>
    /// <param name="principal">The checked refresh token (<see cref="AuthVerifier.VerifyRefresh"/>).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The new session.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>ExpiredToken</c> ("Token has been revoked") when the record is gone, rotated longer ago than the grace
    /// period, revoked (deleteSession, app password revoked, takedown) or expired; 401 <c>AccountTakedown</c>; 400
    /// <c>InvalidRequest</c> when the account no longer exists.
    /// </exception>
    public async Task<RefreshSessionOutput> RefreshSessionAsync(RefreshPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var account = await _accounts.GetAccountAsync(principal.Did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.InvalidRequest($"Could not find user info for account: {principal.Did}");
        if (account.Status == AccountStatus.Takendown)
        {
            throw new XrpcException(401, XrpcErrorName.AccountTakedown, "Account has been taken down");
        }
        var successor = await RotateAsync(principal, cancellationToken).ConfigureAwait(false);
        var access = _tokens.CreateAccessToken(account.Did, ScopeOf(successor.AppPasswordName, successor.AppPasswordPrivileged), successor.Id);
        var refresh = _tokens.CreateRefreshToken(account.Did, successor.Id);
        var view = await ViewAsync(account, cancellationToken).ConfigureAwait(false);
        return new RefreshSessionOutput
        {
            AccessJwt = access.Jwt,
            RefreshJwt = refresh.Jwt,
            Handle = view.Handle,
            Did = view.Did,
            DidDoc = view.DidDoc,
            Email = view.Email,
            EmailConfirmed = view.EmailConfirmed,
            Active = view.Active,
            Status = view.Status,
        };
    }

    /// <summary>
    /// Revokes the refresh token (and any successors it was rotated into), ending the session. Expired refresh tokens
    /// are accepted here. Revoking an unknown token succeeds silently. The session's access tokens stop working too
    /// (<see cref="AuthVerifier.VerifyAccessAsync(string?, AccessLevel, bool, CancellationToken)"/>), where the reference PDS lets them expire.
    /// </summary>
    /// <param name="principal">The checked refresh token (<see cref="AuthVerifier.VerifyRefresh"/> with <c>allowExpired</c>).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the records are deleted.</returns>
    public async Task DeleteSessionAsync(RefreshPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.TokenId;
        for (var i = 0; i < MaxRevokedChain && id is not null; i++)
        {
            var record = await _accounts.GetRefreshTokenAsync(principal.Did, id, cancellationToken).ConfigureAwait(false);
            await _accounts.DeleteRefreshTokenAsync(principal.Did, id, cancellationToken).ConfigureAwait(false);
            id = record?.NextId;
        }
    }

    private async Task<RefreshTokenRecord> RotateAsync(RefreshPrincipal principal, CancellationToken cancellationToken)
    {
        var options = _tokens.Options;
        for (var attempt = 0; attempt < MaxRotationAttempts; attempt++)
        {
            var now = _time.GetUtcNow();
            var record = await _accounts.GetRefreshTokenAsync(principal.Did, principal.TokenId, cancellationToken).ConfigureAwait(false);
            if (record is null || record.ExpiresAt <= now)
            {
                throw Revoked();
            }
            if (record.NextId is { } nextId)
            {
                // Reuse within the grace period: the successor already exists, unless it was revoked since.
                return await _accounts.GetRefreshTokenAsync(principal.Did, nextId, cancellationToken).ConfigureAwait(false) is { } next && next.ExpiresAt > now
                    ? next
                    : throw Revoked();
            }
            var graceEnd = now + options.RefreshGracePeriod;
            var rotated = record with { NextId = SessionTokens.NewTokenId(), ExpiresAt = graceEnd < record.ExpiresAt ? graceEnd : record.ExpiresAt };
            if (!await _accounts.TryReplaceRefreshTokenAsync(rotated, cancellationToken).ConfigureAwait(false))
            {
                continue; // another refresh won; re-read to pick up its successor
            }
            var successor = new RefreshTokenRecord
            {
                Id = rotated.NextId,
                Did = record.Did,
                AppPasswordName = record.AppPasswordName,
                AppPasswordPrivileged = record.AppPasswordPrivileged,
                ExpiresAt = DateTimeOffset.FromUnixTimeSeconds((now + options.RefreshTokenLifetime).ToUnixTimeSeconds()),
            };
            await _accounts.TryAddRefreshTokenAsync(successor, cancellationToken).ConfigureAwait(false);
            await DeleteExpiredTokensAsync(principal, now, cancellationToken).ConfigureAwait(false);
            return successor;
        }
        throw new XrpcException(503, XrpcErrorName.ServiceUnavailable, "Too many concurrent refreshes; try again.");
    }

    private async Task DeleteExpiredTokensAsync(RefreshPrincipal principal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var token in await _accounts.ListRefreshTokensAsync(principal.Did, cancellationToken).ConfigureAwait(false))
        {
            if (token.ExpiresAt <= now)
            {
                await _accounts.DeleteRefreshTokenAsync(principal.Did, token.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static XrpcException Revoked() => new(400, XrpcErrorName.ExpiredToken, "Token has been revoked");
}
