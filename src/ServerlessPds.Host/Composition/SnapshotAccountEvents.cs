using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Passes account lifecycle changes on to <paramref name="inner"/>, then deletes the repo's snapshot when the account
/// is deleted or (re)created, so that no CAR of a deleted account stays in storage and a new repo under an old DID
/// starts without one.
/// </summary>
/// <remarks>docs/architecture.md, "Sync reads".</remarks>
/// <param name="inner">The decorated handler.</param>
/// <param name="snapshots">The snapshot store.</param>
public sealed class SnapshotAccountEvents(IAccountEvents inner, IRepoSnapshotStore snapshots) : IAccountEvents
{
    /// <inheritdoc/>
    public async Task AccountCreatedAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await snapshots.DeleteAsync(account.Did, cancellationToken).ConfigureAwait(false);
        await inner.AccountCreatedAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task AccountStatusChangedAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        await inner.AccountStatusChangedAsync(did, status, cancellationToken).ConfigureAwait(false);
        if (status == AccountStatus.Deleted)
        {
            await snapshots.DeleteAsync(did, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task IdentityChangedAsync(Did did, Handle handle, CancellationToken cancellationToken = default) =>
        inner.IdentityChangedAsync(did, handle, cancellationToken);
}
