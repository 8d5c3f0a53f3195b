using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>
/// <see cref="IAccountStore"/> in process memory, for tests and local runs. It is built from independent atomic
/// table operations (<c>insert</c>, <c>replace If-Match</c>, <c>delete</c>) exactly as the Table Storage adapter is,
/// so races behave the same: account creation claims the handle, then the email, then the DID, and gives back what it
/// claimed when a later claim fails. Thread-safe. Contents are lost when the process ends.
/// </summary>
/// <remarks>
/// A process that dies between the claims would leave an orphaned handle claim on Table Storage; that adapter must
/// treat a claim whose account row is missing (after a grace period) as free. In memory this cannot happen.
/// </remarks>
public sealed partial class MemoryAccountStore : IAccountStore
{
    private readonly MemoryTable<string, AccountRecord> _accounts = new();
    private readonly MemoryTable<string, string> _handles = new(); // handle -> DID
    private readonly MemoryTable<string, string> _emails = new(); // lowercase email -> DID

    /// <inheritdoc/>
    public Task<AccountClaimResult> CreateAccountAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        cancellationToken.ThrowIfCancellationRequested();
        var did = account.Did.Value;
        var email = NormalizeEmail(account.Email);
        if (!_handles.TryInsert(account.Handle.Value, did))
        {
            return Task.FromResult(AccountClaimResult.HandleTaken);
        }
        if (email is not null && !_emails.TryInsert(email, did))
        {
            _handles.TryDelete(account.Handle.Value);
            return Task.FromResult(AccountClaimResult.EmailTaken);
        }
        if (!_accounts.TryInsert(did, account with { Email = email, ETag = null }))
        {
            if (email is not null)
            {
                _emails.TryDelete(email);
            }
            _handles.TryDelete(account.Handle.Value);
            return Task.FromResult(AccountClaimResult.DidTaken);
        }
        return Task.FromResult(AccountClaimResult.Success);
    }

    /// <inheritdoc/>
    public Task<AccountRecord?> GetAccountAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ReadAccount(did.Value));
    }

    /// <inheritdoc/>
    public Task<AccountPage> ListAccountsAsync(Did? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        var rows = _accounts.Where(did => after is null || string.CompareOrdinal(did, after.Value) > 0)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Take(limit == int.MaxValue ? limit : limit + 1)
            .Select(r => r.Value with { ETag = r.ETag })
            .ToList();
        var page = rows.Take(limit).ToList();
        return Task.FromResult(new AccountPage(page, rows.Count > limit ? page[^1].Did : null));
    }

    /// <inheritdoc/>
    public Task<AccountRecord?> GetAccountByHandleAsync(Handle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        cancellationToken.ThrowIfCancellationRequested();
        var account = _handles.TryGet(handle.Value, out var did, out _) ? ReadAccount(did) : null;
        return Task.FromResult(account?.Handle == handle ? account : null);
    }

    /// <inheritdoc/>
    public Task<AccountRecord?> GetAccountByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = NormalizeEmail(email)!;
        var account = _emails.TryGet(normalized, out var did, out _) ? ReadAccount(did) : null;
        return Task.FromResult(account?.Email == normalized ? account : null);
    }

    /// <inheritdoc/>
    public Task<bool> TryReplaceAccountAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(account.ETag, nameof(account));
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.TryGet(account.Did.Value, out var stored, out _))
        {
            return Task.FromResult(false);
        }
        if (stored.Handle != account.Handle || stored.Email != NormalizeEmail(account.Email))
        {
            throw new ArgumentException("TryReplaceAccountAsync cannot change the handle or email.", nameof(account));
        }
        return Task.FromResult(_accounts.TryReplace(account.Did.Value, account with { Email = stored.Email, ETag = null }, account.ETag));
    }

    /// <inheritdoc/>
    public async Task<AccountClaimResult> UpdateHandleAsync(Did did, Handle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(handle);
        while (true)
        {
            var account = await GetAccountAsync(did, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                return AccountClaimResult.NotFound;
            }
            if (account.Handle == handle)
            {
                return AccountClaimResult.Success;
            }
            var claimed = _handles.TryInsert(handle.Value, did.Value);
            if (!claimed && !(_handles.TryGet(handle.Value, out var holder, out _) && holder == did.Value))
            {
                return AccountClaimResult.HandleTaken;
            }
            if (_accounts.TryReplace(did.Value, account with { Handle = handle, ETag = null }, account.ETag!))
            {
                ReleaseClaim(_handles, account.Handle.Value, did.Value);
                return AccountClaimResult.Success;
            }
            if (claimed)
            {
                ReleaseClaim(_handles, handle.Value, did.Value);
            }
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAccountAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_accounts.TryGet(did.Value, out var account, out _) || !_accounts.TryDelete(did.Value))
        {
            return Task.FromResult(false);
        }
        ReleaseClaim(_handles, account.Handle.Value, did.Value);
        if (account.Email is not null)
        {
            ReleaseClaim(_emails, account.Email, did.Value);
        }
        foreach (var row in _appPasswords.Where(k => k.Did == did.Value))
        {
            _appPasswords.TryDelete(row.Key);
        }
        foreach (var row in _refreshTokens.Where(k => k.Did == did.Value))
        {
            _refreshTokens.TryDelete(row.Key);
        }
        foreach (var row in _emailTokens.Where(k => k.Did == did.Value))
        {
            _emailTokens.TryDelete(row.Key);
        }
        return Task.FromResult(true);
    }

    private static string? NormalizeEmail(string? email) => email?.ToLowerInvariant();

    private static void ReleaseClaim(MemoryTable<string, string> claims, string key, string did)
    {
        if (claims.TryGet(key, out var holder, out var eTag) && holder == did)
        {
            claims.TryDelete(key, eTag);
        }
    }

    private AccountRecord? ReadAccount(string did) =>
        _accounts.TryGet(did, out var account, out var eTag) ? account with { ETag = eTag } : null;
}
