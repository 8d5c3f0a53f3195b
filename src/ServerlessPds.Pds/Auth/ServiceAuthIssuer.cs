using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Auth;

/// <summary>
/// com.atproto.server.getServiceAuth: signs a service-auth JWT (<see cref="ServiceJwt"/>) for the calling account
/// with its repo signing key. Rules of the reference PDS: <c>exp</c> defaults to 60 s ahead; it may not be in the
/// past, nor more than an hour ahead, nor more than a minute ahead without <c>lxm</c>; account-management methods
/// (<see cref="ProtectedMethods"/>) cannot be delegated at all, and <see cref="PrivilegedMethods"/> only by full
/// sessions and privileged app passwords.
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

    /// <summary>Gets the methods whose tokens may never be requested (account management must be called directly).</summary>
    public static IReadOnlySet<string> ProtectedMethods { get; } = new HashSet<string>(StringComparer.Ordinal)
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

    /// <summary>Gets the methods whose tokens need a privileged session (chat, and createAccount for migration).</summary>
    public static IReadOnlySet<string> PrivilegedMethods { get; } = new HashSet<string>(StringComparer.Ordinal)
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
    /// or a privileged method from a non-privileged session; 400 <c>InvalidToken</c> for a taken-down session.
    /// </exception>
    public async Task<GetServiceAuthOutput> GetServiceAuthAsync(
        AccessPrincipal principal, string aud, long? exp, string? lxm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.IsTakendown)
        {
            throw new XrpcException(400, XrpcErrorName.InvalidToken, "Bad token scope");
        }
        if (string.IsNullOrEmpty(aud) || aud.Length > MaxAudienceLength || !Did.IsValid(aud.Split('#')[0]) || aud.EndsWith('#'))
        {
            throw XrpcException.InvalidRequest("aud must be a DID, optionally with a #service fragment");
        }
        if (lxm is not null)
        {
            if (!Nsid.IsValid(lxm))
            {
                throw XrpcException.InvalidRequest("lxm must be an NSID");
            }
            if (ProtectedMethods.Contains(lxm))
            {
                throw XrpcException.InvalidRequest($"cannot request a service auth token for the following protected method: {lxm}");
            }
            if (!principal.IsPrivileged && PrivilegedMethods.Contains(lxm))
            {
                throw XrpcException.InvalidRequest($"insufficient access to request a service auth token for the following method: {lxm}");
            }
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
        var signer = await _signers.GetSignerAsync(principal.Did, cancellationToken).ConfigureAwait(false);
        var token = await ServiceJwt.CreateAsync(signer, principal.Did.Value, aud, lxm, now, expiresAt, cancellationToken).ConfigureAwait(false);
        return new GetServiceAuthOutput { Token = token };
    }
}
