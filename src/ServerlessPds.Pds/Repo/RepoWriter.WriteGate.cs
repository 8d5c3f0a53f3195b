using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Repo;

/// <content>The write gate: the account's hosting status recorded on the repo head.</content>
public sealed partial class RepoWriter : IRepoWriteGate
{
    /// <inheritdoc/>
    /// <remarks>
    /// Held under this instance's lock of the DID and conditional on the head (<see cref="IRepoStore.SetWriteStatusAsync"/>),
    /// so a write of any instance that read the head before the change fails its commit and, retrying, sees the status.
    /// </remarks>
    public async Task SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        using var held = await _locks.AcquireAsync(did, cancellationToken).ConfigureAwait(false);
        try
        {
            await _repos.SetWriteStatusAsync(did, status, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cache.Invalidate(did);
        }
    }

    /// <summary>Tells whether the head records a deactivated or taken-down account; a cached head that does is read again before a write is refused, since another instance may have reopened it.</summary>
    private static bool IsClosed(RepoHead head) => head.WriteStatus is AccountStatus.Deactivated or AccountStatus.Takendown or AccountStatus.Deleted;

    /// <summary>
    /// Refuses a write to a repo whose head records a deactivated, taken-down or deleted account; a head stored before
    /// the status was recorded there falls back to the account store, when there is one.
    /// </summary>
    /// <exception cref="XrpcException">401 <c>AccountDeactivated</c>, 401 <c>AccountTakedown</c>, or 400
    /// <c>RepoNotFound</c> for a deleted account.</exception>
    private async Task RequireWritableAsync(Did did, RepoHead head, CancellationToken cancellationToken)
    {
        var status = head.WriteStatus
            ?? (_accounts is null ? null : (await _accounts.GetAccountAsync(did, cancellationToken).ConfigureAwait(false))?.Status);
        switch (status)
        {
            case AccountStatus.Deactivated:
                throw new XrpcException(401, XrpcErrorName.AccountDeactivated, "Account is deactivated");
            case AccountStatus.Takendown:
                throw new XrpcException(401, XrpcErrorName.AccountTakedown, "Account has been taken down");
            case AccountStatus.Deleted:
                throw XrpcException.RepoNotFound(did);
        }
    }
}
