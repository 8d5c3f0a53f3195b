using System.Security.Cryptography;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// Account lifecycle over ports: createAccount (handle policy, email, password, invite, a new K-256 repo signing key
/// protected at rest, DID registration, the atomic store insert, the first session), the signing keys of hosted
/// accounts (<see cref="IAccountSigners"/>), activation, deactivation, takedown, checkAccountStatus, and deletion by
/// emailed token plus password. Status changes are announced through <see cref="IAccountEvents"/>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/account (statuses and their transitions); lexicons com.atproto.server.createAccount,
/// activateAccount, deactivateAccount, checkAccountStatus, requestAccountDelete, deleteAccount. Behaviour and error
/// names follow the reference PDS. Signing keys are stored only through <see cref="IKeyProtector"/> with the purpose
/// <c>account-signing-key:&lt;did&gt;</c>.
/// </remarks>
public sealed partial class AccountService : IAccountSigners
{
    private readonly IAccountStore _accounts;
    private readonly IKeyProtector _keys;
    private readonly IDidRegistrar _registrar;
    private readonly HandlePolicy _handles;
    private readonly PasswordHasher _hasher;
    private readonly SessionService _sessions;
    private readonly InviteCodeService _invites;
    private readonly IAccountEvents _events;
    private readonly AccountServiceOptions _options;
    private readonly IAccountMailer? _mailer;
    private readonly IRepoStatusSource? _repoStatus;
    private readonly IDidDocumentSource? _didDocuments;
    private readonly TimeProvider _time;
    private readonly IRepoWriteGate? _writeGate;

    /// <summary>Initializes the service.</summary>
    /// <param name="accounts">The account store.</param>
    /// <param name="keys">Protects signing keys at rest.</param>
    /// <param name="registrar">Creates DIDs for new accounts.</param>
    /// <param name="handles">Decides which handles may be registered.</param>
    /// <param name="hasher">Hashes passwords.</param>
    /// <param name="sessions">Issues the first session of a new account and revokes sessions.</param>
    /// <param name="invites">Consumes invite codes.</param>
    /// <param name="events">Receives lifecycle changes.</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="mailer">Sends deletion tokens; requestAccountDelete fails without it.</param>
    /// <param name="repoStatus">Reports repo figures for checkAccountStatus.</param>
    /// <param name="didDocuments">Resolves DID documents for <c>didDoc</c> and <c>validDid</c>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="writeGate">Records status changes on the repo head so that writes stop at once; without it the
    /// repo writer reads the account (docs/architecture.md, "The write gate").</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    public AccountService(
        IAccountStore accounts, IKeyProtector keys, IDidRegistrar registrar, HandlePolicy handles, PasswordHasher hasher,
        SessionService sessions, InviteCodeService invites, IAccountEvents events, AccountServiceOptions? options = null,
        IAccountMailer? mailer = null, IRepoStatusSource? repoStatus = null, IDidDocumentSource? didDocuments = null,
        TimeProvider? timeProvider = null, IRepoWriteGate? writeGate = null)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(registrar);
        ArgumentNullException.ThrowIfNull(handles);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(invites);
        ArgumentNullException.ThrowIfNull(events);
        (_accounts, _keys, _registrar, _handles, _hasher, _sessions, _invites, _events) =
            (accounts, keys, registrar, handles, hasher, sessions, invites, events);
        _options = options ?? new AccountServiceOptions();
        (_mailer, _repoStatus, _didDocuments) = (mailer, repoStatus, didDocuments);
        _time = timeProvider ?? TimeProvider.System;
        _writeGate = writeGate;
    }

    /// <summary>
    /// Creates an account and its first session. Without <c>did</c> a new DID is registered. With a <c>did:web</c>
    /// under one of the user domains (e.g. <c>did:web:alice.test</c>, handle <c>alice.test</c>) the account is hosted
    /// here under that DID, active at once, its document served by this PDS. With any other <c>did</c> (account
    /// migration) the caller must have proven control of that DID (service auth) and the account starts deactivated,
    /// with no DID registration and nothing announced until it is activated. Spec: atproto.com/specs/account ("Account Migration").
    /// </summary>
    /// <param name="input">The createAccount input.</param>
    /// <param name="authenticatedDid">The DID the request authenticated as by service auth, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The new account's DID, handle and session.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>InvalidHandle</c>, <c>UnsupportedDomain</c>, <c>HandleNotAvailable</c>, <c>InvalidPassword</c>,
    /// <c>InvalidInviteCode</c>, or <c>InvalidRequest</c> (email missing, invalid or taken; <c>plcOp</c> given; a
    /// <c>did:web</c> under a user domain that is not the handle);
    /// 400 <c>AlreadyExists</c> for a <c>did</c> this server already hosts; 401 <c>AuthenticationRequired</c> for a
    /// <c>did</c> without matching service auth.
    /// </exception>
    public async Task<CreateAccountOutput> CreateAccountAsync(
        CreateAccountInput input, Did? authenticatedDid = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (handle, email, password) = await ValidateNewAccountAsync(input, cancellationToken).ConfigureAwait(false);
        var (hostedDid, importedDid) = ChooseDid(input.Did, handle, authenticatedDid);
        if ((hostedDid ?? importedDid) is { } chosen && await _accounts.GetAccountAsync(chosen, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw XrpcException.BadRequest(AccountErrorNames.AlreadyExists, "Repo already exists");
        }

        using var signingKey = SigningKey.Generate(KeyAlgorithm.K256);
        var did = hostedDid ?? importedDid
            ?? await _registrar.RegisterAsync(handle, signingKey.PublicKey, input.RecoveryKey, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var account = new AccountRecord
        {
            Did = did,
            Handle = handle,
            Email = email,
            PasswordHash = _hasher.Hash(password),
            CreatedAt = now,
            DeactivatedAt = importedDid is null ? null : now,
            SigningKeyAlgorithm = signingKey.Algorithm.Name,
            ProtectedSigningKey = ProtectSigningKey(signingKey, did),
        };

        var inviteCode = _options.InviteRequired ? input.InviteCode : null;
        if (inviteCode is not null)
        {
            await _invites.ConsumeAsync(inviteCode, did, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var claim = await _accounts.CreateAccountAsync(account, cancellationToken).ConfigureAwait(false);
            if (claim != AccountClaimResult.Success)
            {
                throw ClaimError(claim, handle, email);
            }
            try
            {
                await _events.AccountCreatedAsync(account, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await _accounts.DeleteAccountAsync(did, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        catch when (inviteCode is not null)
        {
            await _invites.ReleaseAsync(inviteCode, did, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var (access, refresh) = await _sessions.IssueSessionAsync(did, appPassword: null, takendown: false, cancellationToken).ConfigureAwait(false);
        var didDoc = _didDocuments is null ? null : await _didDocuments.GetDidDocumentAsync(did, cancellationToken).ConfigureAwait(false);
        return new CreateAccountOutput { AccessJwt = access.Jwt, RefreshJwt = refresh.Jwt, Handle = handle.Value, Did = did.Value, DidDoc = didDoc };
    }

    /// <summary>
    /// Reads createAccount's optional <c>did</c>: a <c>did:web</c> under a user domain is hosted here (its document is
    /// served by this PDS, so it needs no proof but must match the handle); any other DID is imported and needs service
    /// auth by that DID, as the reference PDS.
    /// </summary>
    private (Did? Hosted, Did? Imported) ChooseDid(string? input, Handle handle, Did? authenticatedDid)
    {
        if (input is null)
        {
            return (null, null);
        }
        if (!Did.TryParse(input, out var did))
        {
            throw XrpcException.InvalidRequest("Input/did must be a valid DID");
        }
        if (_handles.IsUserDomainDidWeb(did))
        {
            return did.Identifier == handle.Value
                ? (did, null)
                : throw XrpcException.InvalidRequest($"An account with {did} must have the handle {did.Identifier}");
        }
        return authenticatedDid == did
            ? (null, did)
            : throw XrpcException.AuthenticationRequired($"Missing auth to create account with did: {did}");
    }

    private async Task<(Handle Handle, string Email, string Password)> ValidateNewAccountAsync(CreateAccountInput input, CancellationToken cancellationToken)
    {
        if (input.PlcOp is not null)
        {
            throw XrpcException.InvalidRequest("Unsupported input: \"plcOp\"");
        }
        var password = input.Password ?? "";
        if (password.Length < _options.MinPasswordLength || password.Length > _options.MaxPasswordLength)
        {
            throw XrpcException.BadRequest(AccountErrorNames.InvalidPassword,
                $"Password must be {_options.MinPasswordLength} to {_options.MaxPasswordLength} characters.");
        }
        if (_options.InviteRequired && string.IsNullOrEmpty(input.InviteCode))
        {
            throw XrpcException.BadRequest(AccountErrorNames.InvalidInviteCode, "No invite code provided");
        }
        if (string.IsNullOrWhiteSpace(input.Email))
        {
            throw XrpcException.InvalidRequest("Email is required");
        }
        var email = EmailAddress.Normalize(input.Email);
        if (!EmailAddress.IsValid(email))
        {
            throw XrpcException.InvalidRequest("This email address is not supported, please use a different email.");
        }
        var handle = _handles.ValidateUserDomainHandle(input.Handle ?? "");
        if (_options.InviteRequired)
        {
            await _invites.EnsureAvailableAsync(input.InviteCode!, cancellationToken).ConfigureAwait(false);
        }
        if (await _accounts.GetAccountByHandleAsync(handle, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw ClaimError(AccountClaimResult.HandleTaken, handle, email);
        }
        if (await _accounts.GetAccountByEmailAsync(email, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw ClaimError(AccountClaimResult.EmailTaken, handle, email);
        }
        return (handle, email, password);
    }

    private byte[] ProtectSigningKey(SigningKey key, Did did)
    {
        var privateKey = key.ExportPrivateKey();
        try
        {
            return _keys.Protect(privateKey, SigningKeyPurpose(did));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private static string SigningKeyPurpose(Did did) => "account-signing-key:" + did.Value;

    private static XrpcException ClaimError(AccountClaimResult claim, Handle handle, string? email) => claim switch
    {
        AccountClaimResult.HandleTaken => XrpcException.BadRequest(AccountErrorNames.HandleNotAvailable, $"Handle already taken: {handle}"),
        AccountClaimResult.EmailTaken => XrpcException.InvalidRequest($"Email already taken: {email}"),
        _ => XrpcException.InvalidRequest("An account with this DID already exists."),
    };
}
