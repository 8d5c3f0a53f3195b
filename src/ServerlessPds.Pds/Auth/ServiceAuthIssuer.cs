using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// com.atproto.server.getServiceAuth: signs a service-auth JWT (<see cref="ServiceJwt"/>) for the calling account
/// with its repo signing key. Rules of the reference PDS: <c>exp</c> defaults to 60 s ahead; it may not be in the
/// past, nor more than an hour ahead, nor more than a minute ahead without <c>lxm</c>; account-management methods
/// (<see cref="ProtectedMethods"/>) cannot be delegated at all, and <see cref="PrivilegedMethods"/> only by full
/// sessions and privileged app passwords; a taken-down account may only get a token for <c>createAccount</c>
/// (migration); <c>aud</c> is a did:plc or did:web, with or without a <c>#service</c> fragment.
/// </summary>
/// <remarks>Lexicon: com.atproto.server.getServiceAuth. Spec: atproto.com/specs/xrpc ("Inter-Service Authentication").</remarks>
public sealed class ServiceAuthIssuer
{
    /// <summary>The longest <c>aud</c> accepted, in characters (lexicon <c>maxLength</c>).</summary>
    public const int MaxAudienceLength = 2048;

    /// <summary>The furthest ahead a method-bound token may expire.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    /// <summary>The furthest ahead a method-less token may expire.</summary>
    public static readonly TimeSpan MaxMethodlessLifetime = TimeSpan.FromMinutes(1);

    private readonly IAccountSigners _signers;
    private readonly TimeProvider _time;

    /// <summary>Initializes the issuer.</summary>
    /// <param name="signers">Gives accounts' signing keys (normally <see cref="AccountService"/>).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signers"/> is <see langword="null"/>.</exception>
    public ServiceAuthIssuer(IAccountSigners signers, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(signers);
        _signers = signers;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The NSID a taken-down account may still get a token for (migrating away).</summary>
    public const string CreateAccountMethod = "com.atproto.server.createAccount";

    /// <summary>
    /// Gets the methods whose tokens may never be requested and which are never proxied (account management must be
    /// called directly). Compared case-insensitively, as the reference.
    /// </summary>
    public static IReadOnlySet<string> ProtectedMethods { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "com.atproto.admin.sendEmail",
        "com.atproto.identity.requestPlcOperationSignature",
        "com.atproto.identity.signPlcOperation",
        "com.atproto.identity.updateHandle",
        "com.atproto.server.activateAccount",
        "com.atproto.server.confirmEmail",
        "com.atproto.server.createAppPassword",
        "com.atproto.server.deactivateAccount",
        "com.atproto.server.getAccountInviteCodes",
        "com.atproto.server.getSession",
        "com.atproto.server.listAppPasswords",
        "com.atproto.server.requestAccountDelete",
        "com.atproto.server.requestEmailConfirmation",
        "com.atproto.server.requestEmailUpdate",
        "com.atproto.server.revokeAppPassword",
        "com.atproto.server.updateEmail",
    };

    /// <summary>
    /// Gets the methods whose tokens (and proxying) need a privileged session: chat, and createAccount for migration.
    /// Compared case-insensitively, as the reference.
    /// </summary>
    public static IReadOnlySet<string> PrivilegedMethods { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "chat.bsky.actor.deleteAccount",
        "chat.bsky.actor.exportAccountData",
        "chat.bsky.convo.deleteMessageForSelf",
        "chat.bsky.convo.getConvo",
        "chat.bsky.convo.getConvoForMembers",
        "chat.bsky.convo.getLog",
        "chat.bsky.convo.getMessages",
        "chat.bsky.convo.leaveConvo",
        "chat.bsky.convo.listConvos",
        "chat.bsky.convo.muteConvo",
        "chat.bsky.convo.sendMessage",
        "chat.bsky.convo.sendMessageBatch",
        "chat.bsky.convo.unmuteConvo",
        "chat.bsky.convo.updateRead",
        "com.atproto.server.createAccount",
    };

    /// <summary>Signs a service-auth token for the caller.</summary>
    /// <param name="principal">The authenticated caller (not a taken-down session).</param>
    /// <param name="aud">The service's DID, optionally with a <c>#service</c> fragment.</param>
    /// <param name="exp">The expiry in Unix seconds, or <see langword="null"/> for 60 seconds ahead.</param>
    /// <param name="lxm">The NSID the token is bound to, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels signing.</param>
    /// <returns>The token.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>BadExpiration</c>; 400 <c>InvalidRequest</c> for a malformed <c>aud</c> or <c>lxm</c>, a protected method,
    /// or a privileged method from a non-privileged session; 400 <c>InvalidToken</c> for a taken-down session (except for <c>createAccount</c>).
    /// </exception>
    public async Task<GetServiceAuthOutput> GetServiceAuthAsync(
        AccessPrincipal principal, string aud, long? exp, string? lxm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!IsAtprotoAudience(aud))
        {
            throw XrpcException.InvalidRequest("aud must be a valid atproto DID or did#serviceId reference");
        }
        if (lxm is not null && !Nsid.IsValid(lxm))
        {
            throw XrpcException.InvalidRequest("lxm must be an NSID");
        }
        if (principal.IsTakendown && !string.Equals(lxm, CreateAccountMethod, StringComparison.OrdinalIgnoreCase))
        {
            throw new XrpcException(400, XrpcErrorName.InvalidToken, "Bad token scope");
        }
        if (lxm is not null && !principal.IsPrivileged && PrivilegedMethods.Contains(lxm))
        {
            throw XrpcException.InvalidRequest($"insufficient access to request a service auth token for the following method: {lxm}");
        }
        var now = _time.GetUtcNow();
        var expiresAt = now.AddSeconds(ServiceJwt.DefaultLifetimeSeconds);
        if (exp is { } seconds)
        {
            expiresAt = seconds is < 0 or > 253_402_300_799 ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeSeconds(seconds);
            var ahead = expiresAt - now;
            if (ahead <= TimeSpan.Zero)
            {
                throw XrpcException.BadRequest(AuthErrorNames.BadExpiration, "expiration is in past");
            }
            if (ahead > MaxLifetime)
            {
                throw XrpcException.BadRequest(AuthErrorNames.BadExpiration, "cannot request a token with an expiration more than an hour in the future");
            }
            if (lxm is null && ahead > MaxMethodlessLifetime)
            {
                throw XrpcException.BadRequest(AuthErrorNames.BadExpiration, "cannot request a method-less token with an expiration more than a minute in the future");
            }
        }
        if (lxm is not null && ProtectedMethods.Contains(lxm))
        {
            throw XrpcException.InvalidRequest($"cannot request a service auth token for the following protected method: {lxm}");
        }
        var token = await CreateTokenAsync(principal.Did, aud, lxm, now, expiresAt, cancellationToken).ConfigureAwait(false);
        return new GetServiceAuthOutput { Token = token };
    }

    /// <summary>
    /// Signs the token a proxied request carries (the reference's <c>serviceAuthJwt</c>): <c>iss</c> the account,
    /// <c>aud</c> the target service's bare DID, <c>lxm</c> the proxied method, expiring
    /// <see cref="ServiceJwt.DefaultLifetimeSeconds"/> ahead. The caller has already applied the proxy's method rules.
    /// </summary>
    /// <param name="did">The account DID (<c>iss</c>).</param>
    /// <param name="aud">The target service's DID (<c>aud</c>).</param>
    /// <param name="lxm">The proxied method's NSID (<c>lxm</c>).</param>
    /// <param name="cancellationToken">A token that cancels signing.</param>
    /// <returns>The compact token.</returns>
    public Task<string> CreateProxyTokenAsync(Did did, string aud, string lxm, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return CreateTokenAsync(did, aud, lxm, now, now.AddSeconds(ServiceJwt.DefaultLifetimeSeconds), cancellationToken);
    }

    /// <summary>Tells whether <paramref name="aud"/> is an atproto DID (did:plc, did:web), optionally with a <c>#service</c> fragment.</summary>
    /// <param name="aud">The candidate audience.</param>
    /// <returns><see langword="true"/> if it is; otherwise <see langword="false"/>.</returns>
    public static bool IsAtprotoAudience(string? aud)
    {
        if (string.IsNullOrEmpty(aud) || aud.Length > MaxAudienceLength)
        {
            return false;
        }
        var hash = aud.IndexOf('#', StringComparison.Ordinal);
        if (hash == aud.Length - 1 || (hash >= 0 && aud.IndexOf('#', hash + 1) >= 0))
        {
            return false;
        }
        return Did.TryParse(hash < 0 ? aud : aud[..hash], out var did) && (PlcDid.IsPlc(did) || DidWeb.IsSupported(did));
    }

    private async Task<string> CreateTokenAsync(Did did, string aud, string? lxm, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var signer = await _signers.GetSignerAsync(did, cancellationToken).ConfigureAwait(false);
        return await ServiceJwt.CreateAsync(signer, did.Value, aud, lxm, now, expiresAt, cancellationToken).ConfigureAwait(false);
    }
}
