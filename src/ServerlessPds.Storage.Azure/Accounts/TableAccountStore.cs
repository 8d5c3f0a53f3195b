using Azure;
using Azure.Data.Tables;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;
using static ServerlessPds.Storage.Azure.Accounts.TableAccountKeys;

namespace ServerlessPds.Storage.Azure.Accounts;

/// <summary>
/// <see cref="IAccountStore"/> on Azure Table Storage, with the semantics of
/// <see cref="Pds.Storage.Memory.MemoryAccountStore"/>: account creation claims the handle, then the email, then the DID
/// (each an insert that fails on an existing key) and gives back what it claimed when a later claim fails; replaces are
/// <c>If-Match</c> updates. Layout: docs/architecture.md, "Accounts on Table Storage". Thread-safe.
/// </summary>
/// <remarks>
/// Every write carries a fresh <c>WriteId</c>; when a retried insert answers 409 or a retried update 412, the store
/// re-reads the entity and reports success if it holds its own <c>WriteId</c>. A handle or email claim left behind by a
/// process that died mid-creation (its account row is missing or names another handle or email) is treated as free
/// once it is older than <see cref="OrphanClaimGracePeriod"/>.
/// Spec: atproto.com/specs/account; learn.microsoft.com/rest/api/storageservices/table-service-rest-api.
/// </remarks>
public sealed partial class TableAccountStore : IAccountStore
{
    /// <summary>How long a handle or email claim without a matching account row is kept before others may take it.</summary>
    public static readonly TimeSpan OrphanClaimGracePeriod = TimeSpan.FromMinutes(5);

    private const string WriteIdProperty = "WriteId";

    private readonly TableClient _accounts;
    private readonly TableClient _claims;
    private readonly TableClient _invites;
    private readonly TimeProvider _time;

    /// <summary>Creates a store over existing tables (see <see cref="CreateTablesAsync"/>); sends no request.</summary>
    /// <param name="connection">The storage account; it needs a Table endpoint.</param>
    /// <param name="names">The table names; <see cref="TableAccountStoreNames.Default"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for claim ages; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException"><paramref name="connection"/> has no Table endpoint.</exception>
    /// <exception cref="ArgumentException">A table name is invalid.</exception>
    public TableAccountStore(StorageConnection connection, TableAccountStoreNames? names = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        names ??= TableAccountStoreNames.Default;
        _accounts = connection.GetTableClient(names.AccountsTable);
        _claims = connection.GetTableClient(names.ClaimsTable);
        _invites = connection.GetTableClient(names.InvitesTable);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates the account tables that do not exist yet (idempotent).</summary>
    /// <param name="connection">The storage account; it needs a Table endpoint.</param>
    /// <param name="names">The table names; <see cref="TableAccountStoreNames.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the requests.</param>
    /// <returns>A task that completes when the three tables exist.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="connection"/> has no Table endpoint.</exception>
    /// <exception cref="Protocol.Xrpc.XrpcException">Storage could not be reached.</exception>
    /// <exception cref="RequestFailedException">Storage refused a request.</exception>
    public static async Task CreateTablesAsync(StorageConnection connection, TableAccountStoreNames? names = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        names ??= TableAccountStoreNames.Default;
        await Task.WhenAll(
            connection.GetTableClient(names.AccountsTable).CreateIfNotExistsAsync(cancellationToken),
            connection.GetTableClient(names.ClaimsTable).CreateIfNotExistsAsync(cancellationToken),
            connection.GetTableClient(names.InvitesTable).CreateIfNotExistsAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AccountClaimResult> CreateAccountAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var did = account.Did.Value;
        var handle = account.Handle.Value;
        var email = NormalizeEmail(account.Email);
        var entity = TableAccountEntities.FromAccount(account, email);
        var handleClaim = await ClaimAsync(HandlePartition, handle, did, cancellationToken).ConfigureAwait(false);
        if (handleClaim is null)
        {
            return AccountClaimResult.HandleTaken;
        }
        string? emailClaim = null;
        if (email is not null)
        {
            emailClaim = await ClaimAsync(EmailPartition, email, did, cancellationToken).ConfigureAwait(false);
            if (emailClaim is null)
            {
                await GiveBackAsync(HandlePartition, handle, handleClaim, cancellationToken).ConfigureAwait(false);
                return AccountClaimResult.EmailTaken;
            }
        }
        if (!await TryInsertAsync(_accounts, entity, cancellationToken).ConfigureAwait(false))
        {
            if (emailClaim is not null)
            {
                await GiveBackAsync(EmailPartition, email!, emailClaim, cancellationToken).ConfigureAwait(false);
            }
            await GiveBackAsync(HandlePartition, handle, handleClaim, cancellationToken).ConfigureAwait(false);
            return AccountClaimResult.DidTaken;
        }
        return AccountClaimResult.Success;
    }

    /// <inheritdoc/>
    public Task<AccountRecord?> GetAccountAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return ReadAccountAsync(did.Value, cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>One query over the <c>account</c> rows of every partition (PartitionKey = DID), ascending, from <paramref name="after"/> on.</remarks>
    public async Task<AccountPage> ListAccountsAsync(Did? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"RowKey eq {AccountRow}")
            : TableClient.CreateQueryFilter($"PartitionKey gt {after.Value} and RowKey eq {AccountRow}");
        var max = limit == int.MaxValue ? limit : limit + 1;
        var accounts = (await _accounts.QueryRowsAsync(filter, max, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(TableAccountEntities.ToAccount).ToList();

        var result = accounts.Take(limit).ToList();
        return new AccountPage(result, accounts.Count > limit ? result[^1].Did : null);
    }

    /// <inheritdoc/>
    public async Task<AccountRecord?> GetAccountByHandleAsync(Handle handle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var holder = await ReadClaimHolderAsync(HandlePartition, handle.Value, cancellationToken).ConfigureAwait(false);
        var account = holder is null ? null : await ReadAccountAsync(holder, cancellationToken).ConfigureAwait(false);
        return account?.Handle == handle ? account : null;
    }

    /// <inheritdoc/>
    public async Task<AccountRecord?> GetAccountByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var normalized = NormalizeEmail(email)!;
        var holder = await ReadClaimHolderAsync(EmailPartition, normalized, cancellationToken).ConfigureAwait(false);
        var account = holder is null ? null : await ReadAccountAsync(holder, cancellationToken).ConfigureAwait(false);
        return account?.Email == normalized ? account : null;
    }

    /// <inheritdoc/>
    public async Task<bool> TryReplaceAccountAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(account.ETag, nameof(account));
        var stored = await ReadAccountAsync(account.Did.Value, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return false;
        }
        if (stored.Handle != account.Handle || stored.Email != NormalizeEmail(account.Email))
        {
            throw new ArgumentException("TryReplaceAccountAsync cannot change the handle or email.", nameof(account));
        }
        var entity = TableAccountEntities.FromAccount(account, stored.Email);
        return await TryUpdateAsync(_accounts, entity, account.ETag, cancellationToken).ConfigureAwait(false);
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
            var claim = await ClaimAsync(HandlePartition, handle.Value, did.Value, allowHeldBySelf: true, cancellationToken)
                .ConfigureAwait(false);
            if (claim is null)
            {
                return AccountClaimResult.HandleTaken;
            }
            var entity = TableAccountEntities.FromAccount(account with { Handle = handle }, account.Email);
            if (await TryUpdateAsync(_accounts, entity, account.ETag!, cancellationToken).ConfigureAwait(false))
            {
                await ReleaseClaimAsync(HandlePartition, account.Handle.Value, did.Value, cancellationToken).ConfigureAwait(false);
                return AccountClaimResult.Success;
            }
            if (claim != HeldBySelf)
            {
                await GiveBackAsync(HandlePartition, handle.Value, claim, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAccountAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var account = await ReadAccountAsync(did.Value, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return false;
        }
        await DeletePartitionRowsAsync(did.Value, cancellationToken).ConfigureAwait(false);
        // A 404 means a concurrent delete, or our own delete applied by an earlier try: the row is gone either way,
        // so the claims are released in both cases (releasing checks the holder, so doing it twice is harmless).
        var deleted = await TryDeleteAsync(_accounts, did.Value, AccountRow, cancellationToken).ConfigureAwait(false);
        await ReleaseClaimAsync(HandlePartition, account.Handle.Value, did.Value, cancellationToken).ConfigureAwait(false);
        if (account.Email is not null)
        {
            await ReleaseClaimAsync(EmailPartition, account.Email, did.Value, cancellationToken).ConfigureAwait(false);
        }
        return deleted;
    }

    private static string? NormalizeEmail(string? email) => email?.ToLowerInvariant();

    private async Task<AccountRecord?> ReadAccountAsync(string did, CancellationToken cancellationToken)
    {
        var entity = await _accounts.GetAsync(did, AccountRow, null, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : TableAccountEntities.ToAccount(entity);
    }

    private async Task DeletePartitionRowsAsync(string did, CancellationToken cancellationToken)
    {
        var rows = await _accounts.QueryRowsAsync(TableQueries.Partition(did), int.MaxValue, ["RowKey"], cancellationToken).ConfigureAwait(false);
        var rowKeys = rows.Select(e => e.RowKey).Where(k => k != AccountRow).ToList();
        foreach (var rowKey in rowKeys)
        {
            await TryDeleteAsync(_accounts, did, rowKey, cancellationToken).ConfigureAwait(false);
        }
    }
}
