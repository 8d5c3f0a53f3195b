using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// Legacy (non-OAuth) sessions: createSession, refreshSession, deleteSession, getSession and app passwords, over
/// <see cref="IAccountStore"/>. Refresh tokens are single-use and rotate: each refresh replaces the token with a new
/// one and keeps the old one valid only for <see cref="SessionTokenOptions.RefreshGracePeriod"/> (during which it
/// yields the same successor), after which it fails with <c>ExpiredToken</c>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/xrpc ("Authentication"); lexicons com.atproto.server.createSession, refreshSession,
/// deleteSession, getSession, createAppPassword, listAppPasswords, revokeAppPassword. Behaviour follows the reference
/// PDS: one error for unknown identifier and wrong password; taken-down accounts may not log in unless they ask
/// (<c>allowTakendown</c>) for a narrow session that cannot be refreshed; deactivated accounts may log in and see
/// <c>active: false</c>, <c>status: "deactivated"</c>.
/// </remarks>
public sealed partial class SessionService
{
    private const string InvalidCredentials = "Invalid identifier or password";

    private readonly IAccountStore _accounts;
    private readonly SessionTokens _tokens;
    private readonly PasswordHasher _hasher;
    private readonly IDidDocumentSource? _didDocuments;
    private readonly TimeProvider _time;
    private readonly Lazy<string> _decoyHash;

    /// <summary>Initializes the service.</summary>
    /// <param name="accounts">The account store.</param>
    /// <param name="tokens">The session token service.</param>
    /// <param name="hasher">The password hasher.</param>
    /// <param name="didDocuments">Resolves DID documents for the optional <c>didDoc</c> outputs; <see langword="null"/> to omit them.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    public SessionService(
        IAccountStore accounts, SessionTokens tokens, PasswordHasher hasher, IDidDocumentSource? didDocuments = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(hasher);
        _accounts = accounts;
        _tokens = tokens;
        _hasher = hasher;
        _didDocuments = didDocuments;
        _time = timeProvider ?? TimeProvider.System;
        _decoyHash = new Lazy<string>(() => hasher.Hash("decoy password for unknown identifiers"));
    }

    /// <summary>Logs in with a handle, email address or DID and the account password or an app password.</summary>
    /// <param name="input">The identifier, password and <c>allowTakendown</c>.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The new session.</returns>
    /// <exception cref="XrpcException">
    /// 401 <c>AuthenticationRequired</c> ("Invalid identifier or password") for an unknown identifier or a wrong
    /// password; 401 <c>AccountTakedown</c> for a taken-down account without <c>allowTakendown</c>.
    /// </exception>
    public async Task<CreateSessionOutput> CreateSessionAsync(CreateSessionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var account = await FindByIdentifierAsync(input.Identifier ?? "", cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            PasswordHasher.Verify(input.Password ?? "", _decoyHash.Value); // same work as a real check
            throw XrpcException.AuthenticationRequired(InvalidCredentials);
        }
        var password = input.Password ?? "";
        AppPasswordRecord? appPassword = null;
        if (account.PasswordHash is null || !PasswordHasher.Verify(password, account.PasswordHash))
        {
            // Taken-down accounts cannot use app passwords at all.
            appPassword = account.Status == AccountStatus.Takendown ? null
                : await FindAppPasswordAsync(account.Did, password, cancellationToken).ConfigureAwait(false);
            if (appPassword is null)
            {
                throw XrpcException.AuthenticationRequired(InvalidCredentials);
            }
        }
        else if (_hasher.NeedsRehash(account.PasswordHash))
        {
            // Best effort: a concurrent change simply keeps the old hash until the next login.
            await _accounts.TryReplaceAccountAsync(account with { PasswordHash = _hasher.Hash(password) }, cancellationToken).ConfigureAwait(false);
        }

        var takendown = account.Status == AccountStatus.Takendown;
        if (takendown && input.AllowTakendown != true)
        {
            throw new XrpcException(401, XrpcErrorName.AccountTakedown, "Account has been taken down");
        }
        var (access, refresh) = await IssueSessionAsync(account.Did, appPassword, takendown, cancellationToken).ConfigureAwait(false);
        var view = await ViewAsync(account, cancellationToken).ConfigureAwait(false);
        return new CreateSessionOutput
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
    /// Issues an access and a refresh token for an account and stores the refresh token's record (not for the narrow
    /// taken-down session, whose refresh token therefore cannot be used).
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="appPassword">The app password used to log in, or <see langword="null"/> for the account password.</param>
    /// <param name="takendown">Issue the narrow <see cref="AuthScope.Takendown"/> session.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The access and refresh tokens.</returns>
    public async Task<(IssuedToken Access, IssuedToken Refresh)> IssueSessionAsync(
        Did did, AppPasswordRecord? appPassword, bool takendown = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var scope = takendown ? AuthScope.Takendown : ScopeOf(appPassword?.Name, appPassword?.Privileged ?? false);
        var id = SessionTokens.NewTokenId();
        var access = _tokens.CreateAccessToken(did, scope, takendown ? null : id);
        var refresh = _tokens.CreateRefreshToken(did, id);
        if (!takendown)
        {
            var record = new RefreshTokenRecord
            {
                Id = id,
                Did = did,
                AppPasswordName = appPassword?.Name,
                AppPasswordPrivileged = appPassword?.Privileged ?? false,
                ExpiresAt = refresh.ExpiresAt,
            };
            await _accounts.TryAddRefreshTokenAsync(record, cancellationToken).ConfigureAwait(false);
        }
        return (access, refresh);
    }

    /// <summary>Describes the current session's account.</summary>
    /// <param name="principal">The authenticated caller.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The account's handle, DID, email and status.</returns>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> when the account no longer exists.</exception>
    public async Task<GetSessionOutput> GetSessionAsync(AccessPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var account = await _accounts.GetAccountAsync(principal.Did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.InvalidRequest($"Could not find user info for account: {principal.Did}");
        return await ViewAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends every session of an account (all refresh tokens), for takedowns and password changes.</summary>
    /// <param name="did">The account.</param>
    /// <param name="appPasswordName">Only sessions made with this app password; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>How many refresh tokens were revoked; the access tokens of those sessions stop working with them.</returns>
    public async Task<int> RevokeSessionsAsync(Did did, string? appPasswordName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var revoked = 0;
        foreach (var token in await _accounts.ListRefreshTokensAsync(did, cancellationToken).ConfigureAwait(false))
        {
            if ((appPasswordName is null || token.AppPasswordName == appPasswordName)
                && await _accounts.DeleteRefreshTokenAsync(did, token.Id, cancellationToken).ConfigureAwait(false))
            {
                revoked++;
            }
        }
        return revoked;
    }

    /// <summary>
    /// Gets the key that createSession attempts are counted against: the account's DID when the identifier (handle,
    /// email address or DID) names an account, so that all three share one lock-out; otherwise the identifier, trimmed
    /// and lower-cased.
    /// </summary>
    /// <param name="identifier">The login identifier as sent.</param>
    /// <param name="cancellationToken">A token that cancels the lookup.</param>
    /// <returns>The key.</returns>
    public async Task<string> LoginKeyAsync(string? identifier, CancellationToken cancellationToken = default)
    {
        var account = await FindByIdentifierAsync(identifier ?? "", cancellationToken).ConfigureAwait(false);
        return account?.Did.Value ?? (identifier ?? "").Trim().ToLowerInvariant();
    }

    private static string ScopeOf(string? appPasswordName, bool privileged) =>
        appPasswordName is null ? AuthScope.Access : privileged ? AuthScope.AppPassPrivileged : AuthScope.AppPass;

    private async Task<AccountRecord?> FindByIdentifierAsync(string identifier, CancellationToken cancellationToken)
    {
        identifier = identifier.Trim();
        if (identifier.Contains('@', StringComparison.Ordinal))
        {
            return await _accounts.GetAccountByEmailAsync(identifier.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        }
        if (identifier.StartsWith("did:", StringComparison.OrdinalIgnoreCase))
        {
            return Did.TryParse(identifier, out var did) ? await _accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false) : null;
        }
        return Handle.TryParse(identifier, out var handle)
            ? await _accounts.GetAccountByHandleAsync(handle, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private async Task<GetSessionOutput> ViewAsync(AccountRecord account, CancellationToken cancellationToken)
    {
        var didDoc = _didDocuments is null ? null
            : await _didDocuments.GetDidDocumentAsync(account.Did, cancellationToken).ConfigureAwait(false);
        return new GetSessionOutput
        {
            Handle = account.Handle.Value,
            Did = account.Did.Value,
            DidDoc = didDoc,
            Email = account.Email,
            EmailConfirmed = account.Email is null ? null : account.EmailConfirmedAt is not null,
            Active = account.Status == AccountStatus.Active,
            Status = AccountStatusText.ToWire(account.Status),
        };
    }
}
