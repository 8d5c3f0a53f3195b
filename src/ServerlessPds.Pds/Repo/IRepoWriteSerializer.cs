using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// The repo write serialiser: applies record writes to a DID's repo as one signed commit, one commit of a DID at a
/// time. Under every implementation the commit is <see cref="RepoWriter.ApplyWritesAsync"/> with the account's signing
/// key, and its ETag compare-and-swap on the repo head stays the storage-level guarantee; implementations differ in
/// how concurrent writers of one DID are lined up: <see cref="RepoWriteSerializerMode.Cas"/> lets them race (queued per
/// process, retried across processes), <see cref="RepoWriteSerializerMode.Entity"/> sends each write to the DID's
/// Durable Entity, which applies them one at a time.
/// </summary>
/// <remarks>docs/architecture.md, "The repo write serialiser".</remarks>
public interface IRepoWriteSerializer
{
    /// <summary>Applies <paramref name="writes"/> to the repo of <paramref name="did"/> as one signed commit.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="writes">The writes, as <see cref="RepoWriter.ApplyWritesAsync"/> takes them.</param>
    /// <param name="swapCommit">The CID the current commit must have, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the wait; a commit already under way completes anyway.</param>
    /// <returns>The new commit and what each write did.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">
    /// Every error <see cref="RepoWriter.ApplyWritesAsync"/> raises (same status, error name and message whichever
    /// serialiser ran it), and 400 <c>AccountNotFound</c> when the DID has no account (no signing key).
    /// </exception>
    Task<RepoCommitResult> ApplyWritesAsync(Did did, IReadOnlyList<RepoWrite> writes, Cid? swapCommit = null, CancellationToken cancellationToken = default);
}
