using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Stores accounts, app passwords, refresh tokens, invite codes and email tokens. Every method is atomic on its own;
/// there are no multi-method transactions. Concurrency follows Azure Table Storage: inserts fail when the key exists,
/// replaces are conditional on the record's <c>ETag</c> (<c>If-Match</c>) and return <see langword="false"/> when another
/// writer changed the record first, so callers re-read and retry.
/// </summary>
/// <remarks>
/// Keys: an account by DID; its handle and email (lowercase) are unique claims on other keys; app passwords by
/// (DID, name); refresh tokens by (DID, id); invite codes by code; email tokens by (DID, purpose). Records read from
/// the store carry a fresh <c>ETag</c>. Implementations: <see cref="Storage.Memory.MemoryAccountStore"/> and the Table
/// Storage adapter. Spec: atproto.com/specs/account.
/// </remarks>
public interface IAccountStore
{
    /// <summary>
    /// Creates an account, claiming its DID, handle and (when set) email at once: either all three claims succeed and
    /// the account is stored, or nothing is stored. Two concurrent creations with the same handle: exactly one wins.
    /// </summary>
    /// <param name="account">The new account; its <c>ETag</c> is ignored.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see cref="AccountClaimResult.Success"/>, or which key another account already holds.</returns>
    Task<AccountClaimResult> CreateAccountAsync(AccountRecord account, CancellationToken cancellationToken = default);

    /// <summary>Reads an account by DID.</summary>
    /// <param name="did">The account's DID.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The account with its current <c>ETag</c>, or <see langword="null"/> when there is none.</returns>
    Task<AccountRecord?> GetAccountAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Lists accounts in ascending DID order (ordinal), one page at a time: what <c>com.atproto.sync.listRepos</c> pages through.</summary>
    /// <param name="after">Continue strictly after this DID, or <see langword="null"/> to start at the first.</param>
    /// <param name="limit">The most accounts to return, at least 1.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The accounts, whatever their status, and the DID to continue after when more may follow.</returns>
    /// <remarks>Lexicon: com.atproto.sync.listRepos (<c>cursor</c>, <c>limit</c>).</remarks>
    Task<AccountPage> ListAccountsAsync(Did? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reads an account by handle.</summary>
    /// <param name="handle">The handle (handles are lowercase).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The account, or <see langword="null"/> when no account has the handle.</returns>
    Task<AccountRecord?> GetAccountByHandleAsync(Handle handle, CancellationToken cancellationToken = default);

    /// <summary>Reads an account by email address, case-insensitively.</summary>
    /// <param name="email">The address.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The account, or <see langword="null"/> when no account has the address.</returns>
    Task<AccountRecord?> GetAccountByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces an account if it is unchanged since <paramref name="account"/> was read (its <c>ETag</c> matches).
    /// The handle and email must be the stored ones; change a handle with <see cref="UpdateHandleAsync"/>.
    /// </summary>
    /// <param name="account">The new version, carrying the <c>ETag</c> of the version it was derived from.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if replaced; <see langword="false"/> if the account changed or no longer exists.</returns>
    /// <exception cref="ArgumentException"><paramref name="account"/> has no <c>ETag</c>.</exception>
    Task<bool> TryReplaceAccountAsync(AccountRecord account, CancellationToken cancellationToken = default);

    /// <summary>Moves an account to a new handle, claiming it atomically and releasing the old one.</summary>
    /// <param name="did">The account.</param>
    /// <param name="handle">The new handle.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see cref="AccountClaimResult.Success"/> (also when the handle is already the account's),
    /// <see cref="AccountClaimResult.HandleTaken"/> or <see cref="AccountClaimResult.NotFound"/>.</returns>
    Task<AccountClaimResult> UpdateHandleAsync(Did did, Handle handle, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an account and everything stored under it: the handle and email claims, app passwords, refresh tokens
    /// and email tokens. Invite codes and their uses are kept.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if an account was deleted; <see langword="false"/> if there was none.</returns>
    Task<bool> DeleteAccountAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Adds an app password unless the account already has one with the same name.</summary>
    /// <param name="appPassword">The app password.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if added; <see langword="false"/> if the name is taken.</returns>
    Task<bool> TryAddAppPasswordAsync(AppPasswordRecord appPassword, CancellationToken cancellationToken = default);

    /// <summary>Lists an account's app passwords, in no particular order.</summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The app passwords; empty when there are none.</returns>
    Task<IReadOnlyList<AppPasswordRecord>> ListAppPasswordsAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Deletes an app password by name.</summary>
    /// <param name="did">The account.</param>
    /// <param name="name">The app password's name.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if one was deleted.</returns>
    Task<bool> DeleteAppPasswordAsync(Did did, string name, CancellationToken cancellationToken = default);

    /// <summary>Adds a refresh token record unless one with the same (DID, id) exists.</summary>
    /// <param name="token">The record.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if added; <see langword="false"/> if the id exists.</returns>
    Task<bool> TryAddRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>Reads a refresh token record.</summary>
    /// <param name="did">The account.</param>
    /// <param name="id">The token id (<c>jti</c>).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The record with its <c>ETag</c>, or <see langword="null"/>.</returns>
    Task<RefreshTokenRecord?> GetRefreshTokenAsync(Did did, string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces a refresh token record if its <c>ETag</c> still matches.</summary>
    /// <param name="token">The new version, carrying the <c>ETag</c> it was derived from.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if replaced; <see langword="false"/> if it changed or was deleted meanwhile.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> has no <c>ETag</c>.</exception>
    Task<bool> TryReplaceRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>Lists an account's refresh token records.</summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The records; empty when there are none.</returns>
    Task<IReadOnlyList<RefreshTokenRecord>> ListRefreshTokensAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Deletes a refresh token record.</summary>
    /// <param name="did">The account.</param>
    /// <param name="id">The token id.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if one was deleted.</returns>
    Task<bool> DeleteRefreshTokenAsync(Did did, string id, CancellationToken cancellationToken = default);

    /// <summary>Adds an invite code unless the code exists.</summary>
    /// <param name="inviteCode">The code.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if added; <see langword="false"/> if the code exists.</returns>
    Task<bool> TryAddInviteCodeAsync(InviteCodeRecord inviteCode, CancellationToken cancellationToken = default);

    /// <summary>Reads an invite code.</summary>
    /// <param name="code">The code text (case-sensitive).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The code with its <c>ETag</c>, or <see langword="null"/>.</returns>
    Task<InviteCodeRecord?> GetInviteCodeAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Replaces an invite code if its <c>ETag</c> still matches (how a use is consumed or given back).</summary>
    /// <param name="inviteCode">The new version, carrying the <c>ETag</c> it was derived from.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if replaced; <see langword="false"/> if it changed meanwhile.</returns>
    /// <exception cref="ArgumentException"><paramref name="inviteCode"/> has no <c>ETag</c>.</exception>
    Task<bool> TryReplaceInviteCodeAsync(InviteCodeRecord inviteCode, CancellationToken cancellationToken = default);

    /// <summary>Records a use of an invite code (insert or replace by (code, usedBy)).</summary>
    /// <param name="use">The use.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the use is stored.</returns>
    Task AddInviteCodeUseAsync(InviteCodeUse use, CancellationToken cancellationToken = default);

    /// <summary>Removes a recorded use (when account creation failed after consuming the code).</summary>
    /// <param name="code">The invite code.</param>
    /// <param name="usedBy">The account that used it.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the use is gone.</returns>
    Task RemoveInviteCodeUseAsync(string code, Did usedBy, CancellationToken cancellationToken = default);

    /// <summary>Lists the recorded uses of an invite code.</summary>
    /// <param name="code">The invite code.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The uses; empty when there are none.</returns>
    Task<IReadOnlyList<InviteCodeUse>> ListInviteCodeUsesAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Stores an email token, replacing any earlier token of the same account and purpose.</summary>
    /// <param name="token">The token.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>A task that completes when the token is stored.</returns>
    Task SetEmailTokenAsync(EmailTokenRecord token, CancellationToken cancellationToken = default);

    /// <summary>Reads the email token of an account for a purpose.</summary>
    /// <param name="did">The account.</param>
    /// <param name="purpose">The purpose, e.g. <c>delete_account</c>.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The token, or <see langword="null"/>.</returns>
    Task<EmailTokenRecord?> GetEmailTokenAsync(Did did, string purpose, CancellationToken cancellationToken = default);

    /// <summary>Deletes the email token of an account for a purpose.</summary>
    /// <param name="did">The account.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> if one was deleted.</returns>
    Task<bool> DeleteEmailTokenAsync(Did did, string purpose, CancellationToken cancellationToken = default);

    /// <summary>Reads the account's stored preferences (app.bsky.actor.putPreferences).</summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The preferences as a UTF-8 JSON array of preference objects, or <see langword="null"/> when none were stored.</returns>
    Task<byte[]?> GetPreferencesAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Replaces the account's stored preferences.</summary>
    /// <param name="did">The account.</param>
    /// <param name="preferencesJson">A UTF-8 JSON array of preference objects, at most <see cref="MaxPreferencesBytes"/>.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>A task that completes when the preferences are stored.</returns>
    Task PutPreferencesAsync(Did did, byte[] preferencesJson, CancellationToken cancellationToken = default);

    /// <summary>The largest preferences document stored, in bytes.</summary>
    public const int MaxPreferencesBytes = 512 * 1024;
}
