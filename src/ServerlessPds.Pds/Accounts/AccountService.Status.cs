using ServerlessPds.Pds.Lexicons.Com.Atproto.Server;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Accounts;

/// <content>Hosting status: activate, deactivate, takedown, checkAccountStatus.</content>
public sealed partial class AccountService
{
    private const int MaxUpdateAttempts = 8;

    /// <summary>
    /// Activates a deactivated account (for example at the end of a migration to this PDS). Announces
    /// <see cref="AccountStatus.Active"/> on every call; activating an active account changes nothing else.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The status afterwards.</returns>
    /// <exception cref="XrpcException">
    /// 400 <c>AccountNotFound</c>; 400 <c>AccountTakedown</c> (a takedown cannot be lifted this way); 400
    /// <c>InvalidRequest</c> when the DID document does not point at this PDS with the account's handle and signing
    /// key (checked when a DID document source is configured, as the reference PDS does before activating, so that a
    /// migrating account is not announced before its identity moved here).
    /// </exception>
    public async Task<AccountStatus> ActivateAccountAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var account = await GetExistingAsync(did, cancellationToken).ConfigureAwait(false);
        if (_didDocuments is not null && account.Status != AccountStatus.Takendown)
        {
            var signer = await GetSignerAsync(did, cancellationToken).ConfigureAwait(false);
            if (!await _didDocuments.IsValidForAccountAsync(did, account.Handle, signer.PublicKey, cancellationToken).ConfigureAwait(false))
            {
                throw XrpcException.InvalidRequest("DID document does not point at this PDS with the account's handle and signing key");
            }
        }

        return await UpdateStatusAsync(did, current => current.Status == AccountStatus.Takendown
            ? throw new XrpcException(400, XrpcErrorName.AccountTakedown, "Account has been taken down")
            : current with { DeactivatedAt = null, DeleteAfter = null }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deactivates an account: its repo stops being served and written until it is activated again. Sessions stay
    /// valid. Announces the status afterwards on every call.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="deleteAfter">The holder's suggestion of when the account may be deleted, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The status afterwards (<see cref="AccountStatus.Takendown"/> outranks deactivated).</returns>
    /// <exception cref="XrpcException">400 <c>AccountNotFound</c>.</exception>
    public Task<AccountStatus> DeactivateAccountAsync(Did did, DateTimeOffset? deleteAfter = null, CancellationToken cancellationToken = default) =>
        UpdateStatusAsync(did, account => account with { DeactivatedAt = account.DeactivatedAt ?? _time.GetUtcNow(), DeleteAfter = deleteAfter }, cancellationToken);

    /// <summary>
    /// Takes an account down (operator action) or lifts a takedown. A takedown also ends all its sessions. Announces
    /// the status afterwards on every call.
    /// </summary>
    /// <param name="did">The account.</param>
    /// <param name="takedownRef">A reference for the takedown (e.g. a moderation report id), or <see langword="null"/> to lift it.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The status afterwards.</returns>
    /// <exception cref="XrpcException">400 <c>AccountNotFound</c>.</exception>
    public async Task<AccountStatus> UpdateTakedownAsync(Did did, string? takedownRef, CancellationToken cancellationToken = default)
    {
        var reference = string.IsNullOrWhiteSpace(takedownRef) ? null : takedownRef;
        var status = await UpdateStatusAsync(did, account => account with { TakedownRef = reference }, cancellationToken).ConfigureAwait(false);
        if (reference is not null)
        {
            await _sessions.RevokeSessionsAsync(did, cancellationToken: cancellationToken).ConfigureAwait(false);
            ForgetSigner(did);
        }
        return status;
    }

    /// <summary>Reports the account's activation, DID validity and repo figures (useful during migration).</summary>
    /// <param name="did">The account (the caller itself).</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The checkAccountStatus output.</returns>
    /// <exception cref="XrpcException">400 <c>AccountNotFound</c>; 400 <c>RepoNotFound</c> when the repo does not exist yet.</exception>
    public async Task<CheckAccountStatusOutput> CheckAccountStatusAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var account = await GetExistingAsync(did, cancellationToken).ConfigureAwait(false);
        var repo = _repoStatus is null ? null : await _repoStatus.GetRepoStatusAsync(did, cancellationToken).ConfigureAwait(false);
        if (repo is null)
        {
            throw XrpcException.BadRequest(XrpcErrorName.RepoNotFound, $"Could not find repo for DID: {did}");
        }
        var signer = await GetSignerAsync(did, cancellationToken).ConfigureAwait(false);
        var validDid = _didDocuments is not null
            && await _didDocuments.IsValidForAccountAsync(did, account.Handle, signer.PublicKey, cancellationToken).ConfigureAwait(false);
        return new CheckAccountStatusOutput
        {
            Activated = account.Status == AccountStatus.Active,
            ValidDid = validDid,
            RepoCommit = repo.Commit.ToString(),
            RepoRev = repo.Rev,
            RepoBlocks = repo.Blocks,
            IndexedRecords = repo.IndexedRecords,
            PrivateStateValues = repo.PrivateStateValues,
            ExpectedBlobs = repo.ExpectedBlobs,
            ImportedBlobs = repo.ImportedBlobs,
        };
    }

    private async Task<AccountStatus> UpdateStatusAsync(Did did, Func<AccountRecord, AccountRecord> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(did);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var account = await GetExistingAsync(did, cancellationToken).ConfigureAwait(false);
            var updated = change(account);

            // The repo closes to writes before the account says so, and opens after: a crash in between leaves it
            // closed while the account is active, which the next status call (as a retry would) repairs.
            if (updated.Status != AccountStatus.Active)
            {
                await SetWriteStatusAsync(did, updated.Status, cancellationToken).ConfigureAwait(false);
            }

            if (updated == account || await _accounts.TryReplaceAccountAsync(updated, cancellationToken).ConfigureAwait(false))
            {
                if (updated.Status == AccountStatus.Active)
                {
                    await SetWriteStatusAsync(did, updated.Status, cancellationToken).ConfigureAwait(false);
                }

                // Announced on every call, changed or not (as the reference PDS does): a client that retries after a
                // failure between the store write and the event append repairs the firehose (docs/architecture.md,
                // "Account and identity events").
                await _events.AccountStatusChangedAsync(did, updated.Status, cancellationToken).ConfigureAwait(false);
                return updated.Status;
            }
        }
        throw new XrpcException(503, XrpcErrorName.ServiceUnavailable, "The account is busy; try again.");
    }

    private Task SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken) =>
        _writeGate?.SetWriteStatusAsync(did, status, cancellationToken) ?? Task.CompletedTask;

    private async Task<AccountRecord> GetExistingAsync(Did did, CancellationToken cancellationToken) =>
        await _accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false)
            ?? throw XrpcException.BadRequest(AccountErrorNames.AccountNotFound, "Account not found");
}
