using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using static ServerlessPds.Storage.Azure.Accounts.TableAccountKeys;

using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Accounts;

/// <content>App passwords, refresh tokens and email tokens (rows in the account's partition) and invite codes.</content>
public sealed partial class TableAccountStore
{
    /// <inheritdoc/>
    public Task<bool> TryAddAppPasswordAsync(AppPasswordRecord appPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appPassword);
        return TryInsertAsync(_accounts, TableAccountEntities.FromAppPassword(appPassword), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AppPasswordRecord>> ListAppPasswordsAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var rows = await QueryPrefixAsync(_accounts, did.Value, AppPasswordPrefix, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(TableAccountEntities.ToAppPassword)];
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAppPasswordAsync(Did did, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(name);
        var key = TryKey(AppPasswordPrefix, name);
        return key is not null && await TryDeleteAsync(_accounts, did.Value, key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<bool> TryAddRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return TryInsertAsync(_accounts, TableAccountEntities.FromRefreshToken(token), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<RefreshTokenRecord?> GetRefreshTokenAsync(Did did, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(id);
        var key = TryKey(RefreshTokenPrefix, id);
        var entity = key is null ? null : await _accounts.GetAsync(did.Value, key, null, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : TableAccountEntities.ToRefreshToken(entity);
    }

    /// <inheritdoc/>
    public Task<bool> TryReplaceRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentException.ThrowIfNullOrEmpty(token.ETag, nameof(token));
        return TryUpdateAsync(_accounts, TableAccountEntities.FromRefreshToken(token), token.ETag, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RefreshTokenRecord>> ListRefreshTokensAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var rows = await QueryPrefixAsync(_accounts, did.Value, RefreshTokenPrefix, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(TableAccountEntities.ToRefreshToken)];
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteRefreshTokenAsync(Did did, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(id);
        var key = TryKey(RefreshTokenPrefix, id);
        return key is not null && await TryDeleteAsync(_accounts, did.Value, key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<bool> TryAddInviteCodeAsync(InviteCodeRecord inviteCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inviteCode);
        return TryInsertAsync(_invites, TableAccountEntities.FromInviteCode(inviteCode), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<InviteCodeRecord?> GetInviteCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var key = TryKey("", code);
        var entity = key is null ? null : await _invites.GetAsync(key, InviteCodeRow, null, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : TableAccountEntities.ToInviteCode(entity);
    }

    /// <inheritdoc/>
    public Task<bool> TryReplaceInviteCodeAsync(InviteCodeRecord inviteCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inviteCode);
        ArgumentException.ThrowIfNullOrEmpty(inviteCode.ETag, nameof(inviteCode));
        return TryUpdateAsync(_invites, TableAccountEntities.FromInviteCode(inviteCode), inviteCode.ETag, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AddInviteCodeUseAsync(InviteCodeUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(use);
        await _invites.UpsertAsync(TableAccountEntities.FromInviteCodeUse(use), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task RemoveInviteCodeUseAsync(string code, Did usedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(usedBy);
        var partition = TryKey("", code);
        var row = TryKey(InviteUsePrefix, usedBy.Value);
        if (partition is not null && row is not null)
        {
            await TryDeleteAsync(_invites, partition, row, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<InviteCodeUse>> ListInviteCodeUsesAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var partition = TryKey("", code);
        if (partition is null)
        {
            return [];
        }
        var rows = await QueryPrefixAsync(_invites, partition, InviteUsePrefix, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(TableAccountEntities.ToInviteCodeUse)];
    }

    /// <inheritdoc/>
    public async Task SetEmailTokenAsync(EmailTokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await _accounts.UpsertAsync(TableAccountEntities.FromEmailToken(token), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<EmailTokenRecord?> GetEmailTokenAsync(Did did, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(purpose);
        var key = TryKey(EmailTokenPrefix, purpose);
        var entity = key is null ? null : await _accounts.GetAsync(did.Value, key, null, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : TableAccountEntities.ToEmailToken(entity);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteEmailTokenAsync(Did did, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(purpose);
        var key = TryKey(EmailTokenPrefix, purpose);
        return key is not null && await TryDeleteAsync(_accounts, did.Value, key, cancellationToken).ConfigureAwait(false);
    }
}
