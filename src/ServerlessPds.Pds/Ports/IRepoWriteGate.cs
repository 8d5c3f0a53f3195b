using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Opens and closes a repo to writes when its account's hosting status changes: the account service records the new
/// status on the repo head (<see cref="RepoHead.WriteStatus"/>) before a deactivation or takedown is stored, and after
/// an activation is.
/// </summary>
/// <remarks>docs/architecture.md, "The write gate". Spec: atproto.com/specs/account ("Account Status").</remarks>
public interface IRepoWriteGate
{
    /// <summary>Records <paramref name="status"/> on the repo head; nothing happens when the account has no repo.</summary>
    /// <param name="did">The account.</param>
    /// <param name="status">Its hosting status.</param>
    /// <param name="cancellationToken">A token that cancels the call.</param>
    /// <returns>A task that completes once the status is stored.</returns>
    Task SetWriteStatusAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default);
}
