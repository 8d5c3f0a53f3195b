using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Accounts;

/// <summary>
/// Passes account lifecycle changes on to <paramref name="inner"/>, then deletes the repo's snapshot when the account
/// is deleted or (re)created, so that no CAR of a deleted account stays in storage and a new repo under an old DID
/// starts without one.
/// </summary>
/// <remarks>docs/architecture.md, "Sync reads".</remarks>
/// <param name="inner">The decorated handler.</param>
/// <param name="snapshots">The snapshot store.</param>
/// <param name="refresher">The background snapshot refresher, whose running refreshes finish before a snapshot is deleted,
/// so none writes one back after; <see langword="null"/> when there is none.</param>
/// <param name="recent">The recent blocks, forgotten with the snapshot; <see langword="null"/> when there are none.</param>
/// <param name="exporter">The exporter, whose snapshots still being saved after their response are waited for before
/// the delete; <see langword="null"/> when there is none.</param>
public sealed class SnapshotAccountEvents(
    IAccountEvents inner, IRepoSnapshotStore snapshots, RepoSnapshotRefresher? refresher = null, RecentRepoBlocks? recent = null,
    RepoExporter? exporter = null) : IAccountEvents
{
    /// <inheritdoc/>
    public async Task AccountCreatedAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await ForgetAsync(account.Did, cancellationToken).ConfigureAwait(false);
        await inner.AccountCreatedAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task AccountStatusChangedAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        await inner.AccountStatusChangedAsync(did, status, cancellationToken).ConfigureAwait(false);
        if (status == AccountStatus.Deleted)
        {
            await ForgetAsync(did, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task IdentityChangedAsync(Did did, Handle handle, CancellationToken cancellationToken = default) =>
        inner.IdentityChangedAsync(did, handle, cancellationToken);

    private async Task ForgetAsync(Did did, CancellationToken cancellationToken)
    {
        recent?.Forget(did);
        if (refresher is not null)
        {
            await refresher.IdleAsync().ConfigureAwait(false);
        }

        if (exporter is not null)
        {
            await exporter.SnapshotsSavedAsync(did).ConfigureAwait(false);
        }

        await snapshots.DeleteAsync(did, cancellationToken).ConfigureAwait(false);
    }
}
