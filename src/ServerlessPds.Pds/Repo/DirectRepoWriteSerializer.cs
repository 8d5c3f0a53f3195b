using ServerlessPds.Pds.Accounts;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// The compare-and-swap serialiser (<see cref="RepoWriteSerializerMode.Cas"/>): the caller's own process applies the
/// writes with <see cref="RepoWriter.ApplyWritesAsync"/>, queued per DID within the process and retried on a lost
/// head race across processes.
/// </summary>
/// <param name="writer">The repo writer.</param>
/// <param name="signers">The accounts' signing keys.</param>
public sealed class DirectRepoWriteSerializer(RepoWriter writer, IAccountSigners signers) : IRepoWriteSerializer
{
    /// <inheritdoc/>
    public async Task<RepoCommitResult> ApplyWritesAsync(Did did, IReadOnlyList<RepoWrite> writes, Cid? swapCommit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        var signer = await signers.GetSignerAsync(did, cancellationToken).ConfigureAwait(false);
        return await writer.ApplyWritesAsync(did, signer, writes, swapCommit, cancellationToken).ConfigureAwait(false);
    }
}
