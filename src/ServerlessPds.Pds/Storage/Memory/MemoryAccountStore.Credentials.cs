using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <content>App passwords, refresh tokens, invite codes and email tokens.</content>
public sealed partial class MemoryAccountStore
{
    private readonly MemoryTable<(string Did, string Name), AppPasswordRecord> _appPasswords = new();
    private readonly MemoryTable<(string Did, string Id), RefreshTokenRecord> _refreshTokens = new();
    private readonly MemoryTable<string, InviteCodeRecord> _inviteCodes = new();
    private readonly MemoryTable<(string Code, string Did), InviteCodeUse> _inviteCodeUses = new();
    private readonly MemoryTable<(string Did, string Purpose), EmailTokenRecord> _emailTokens = new();

    /// <inheritdoc/>
    public Task<bool> TryAddAppPasswordAsync(AppPasswordRecord appPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appPassword);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_appPasswords.TryInsert((appPassword.Did.Value, appPassword.Name), appPassword));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<AppPasswordRecord>> ListAppPasswordsAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<AppPasswordRecord>>([.. _appPasswords.Where(k => k.Did == did.Value).Select(r => r.Value)]);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAppPasswordAsync(Did did, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_appPasswords.TryDelete((did.Value, name)));
    }

    /// <inheritdoc/>
    public Task<bool> TryAddRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_refreshTokens.TryInsert((token.Did.Value, token.Id), token with { ETag = null }));
    }

    /// <inheritdoc/>
    public Task<RefreshTokenRecord?> GetRefreshTokenAsync(Did did, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        var found = _refreshTokens.TryGet((did.Value, id), out var token, out var eTag) ? token with { ETag = eTag } : null;
        return Task.FromResult(found);
    }

    /// <inheritdoc/>
    public Task<bool> TryReplaceRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentException.ThrowIfNullOrEmpty(token.ETag, nameof(token));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_refreshTokens.TryReplace((token.Did.Value, token.Id), token with { ETag = null }, token.ETag));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RefreshTokenRecord>> ListRefreshTokensAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<RefreshTokenRecord>>(
            [.. _refreshTokens.Where(k => k.Did == did.Value).Select(r => r.Value with { ETag = r.ETag })]);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteRefreshTokenAsync(Did did, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_refreshTokens.TryDelete((did.Value, id)));
    }

    /// <inheritdoc/>
    public Task<bool> TryAddInviteCodeAsync(InviteCodeRecord inviteCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inviteCode);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_inviteCodes.TryInsert(inviteCode.Code, inviteCode with { ETag = null }));
    }

    /// <inheritdoc/>
    public Task<InviteCodeRecord?> GetInviteCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        cancellationToken.ThrowIfCancellationRequested();
        var found = _inviteCodes.TryGet(code, out var inviteCode, out var eTag) ? inviteCode with { ETag = eTag } : null;
        return Task.FromResult(found);
    }

    /// <inheritdoc/>
    public Task<bool> TryReplaceInviteCodeAsync(InviteCodeRecord inviteCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inviteCode);
        ArgumentException.ThrowIfNullOrEmpty(inviteCode.ETag, nameof(inviteCode));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_inviteCodes.TryReplace(inviteCode.Code, inviteCode with { ETag = null }, inviteCode.ETag));
    }

    /// <inheritdoc/>
    public Task AddInviteCodeUseAsync(InviteCodeUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(use);
        cancellationToken.ThrowIfCancellationRequested();
        _inviteCodeUses.Upsert((use.Code, use.UsedBy.Value), use);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RemoveInviteCodeUseAsync(string code, Did usedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(usedBy);
        cancellationToken.ThrowIfCancellationRequested();
        _inviteCodeUses.TryDelete((code, usedBy.Value));
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<InviteCodeUse>> ListInviteCodeUsesAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<InviteCodeUse>>([.. _inviteCodeUses.Where(k => k.Code == code).Select(r => r.Value)]);
    }

    /// <inheritdoc/>
    public Task SetEmailTokenAsync(EmailTokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        _emailTokens.Upsert((token.Did.Value, token.Purpose), token);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<EmailTokenRecord?> GetEmailTokenAsync(Did did, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(purpose);
        cancellationToken.ThrowIfCancellationRequested();
        var found = _emailTokens.TryGet((did.Value, purpose), out var token, out _) ? token : null;
        return Task.FromResult(found);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteEmailTokenAsync(Did did, string purpose, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(purpose);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_emailTokens.TryDelete((did.Value, purpose)));
    }
}
