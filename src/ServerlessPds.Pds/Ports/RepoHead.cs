using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The current state of one repo as storage holds it: the signed commit's CID, its <c>rev</c>, its MST root, and an
/// opaque <see cref="Version"/> that changes on every successful <see cref="IRepoStore.CommitAsync"/>.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository, "Commit Objects" (<c>rev</c>, <c>data</c>). In Azure the head is the
/// <c>repos</c> row <c>(DID, head)</c> and <see cref="Version"/> its ETag, the per-DID write lock.
/// </remarks>
/// <param name="CommitCid">The CID of the current signed commit block.</param>
/// <param name="Rev">The current commit's <c>rev</c>.</param>
/// <param name="DataCid">The CID of the current MST root (the commit's <c>data</c>).</param>
/// <param name="Version">An opaque version token (ETag); compare only for equality.</param>
public sealed record RepoHead(Cid CommitCid, Tid Rev, Cid DataCid, string Version)
{
    /// <summary>
    /// Gets the account's hosting status as the head records it, the gate of every write: <see cref="AccountStatus.Active"/>
    /// lets <see cref="Repo.RepoWriter"/> commit, <see cref="AccountStatus.Deactivated"/>,
    /// <see cref="AccountStatus.Takendown"/> and <see cref="AccountStatus.Deleted"/> (set just before an account's
    /// deletion) refuse; <see langword="null"/> for a head stored before the status was
    /// recorded there (the writer then reads the account).
    /// </summary>
    /// <remarks>
    /// Changing it changes <see cref="Version"/> (<see cref="IRepoStore.SetWriteStatusAsync"/>), so a commit built on
    /// the head before the change fails its conditional write: no write can slip past a deactivation or takedown.
    /// docs/architecture.md, "The write gate".
    /// </remarks>
    public AccountStatus? WriteStatus { get; init; }

    /// <summary>
    /// Gets the receipts of the last commits that carried a write id (<see cref="Repo.RepoWriter.ApplyWritesOnceAsync"/>),
    /// as the writer encoded them (opaque to storage); <see langword="null"/> when none. Stored atomically with the head,
    /// so a receipt exists exactly when its commit does. docs/architecture.md, "The repo write serialiser".
    /// </summary>
    public string? Receipts { get; init; }
}
