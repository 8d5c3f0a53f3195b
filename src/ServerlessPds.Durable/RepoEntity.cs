using Microsoft.DurableTask.Entities;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Durable;

/// <summary>
/// The Durable Entity of one DID (entity name <see cref="Name"/>, key = the DID): its operation <c>apply</c> runs a
/// <see cref="RepoWriteRequest"/> with <see cref="RepoWriter.ApplyWritesAsync"/>, the commit code of the compare-and-swap
/// path, and answers a <see cref="RepoWriteOutcome"/>. The Durable Task runtime delivers one operation of an entity at a
/// time, so one DID's writes never race each other; the head's ETag compare-and-swap stays underneath.
/// </summary>
/// <remarks>
/// An XRPC error is an answer (the caller raises it as the compare-and-swap path would); any other failure fails the
/// operation. A crash after the commit was stored and before the runtime checkpointed the operation makes the runtime
/// deliver it again (with the same <see cref="RepoWriteRequest.Id"/>): the commit stored a receipt of that id in the
/// repo head atomically with itself (<see cref="RepoWriter.ApplyWritesOnceAsync"/>), so the repeated operation stores
/// nothing and answers the first commit, and its events are sequenced if the crash came before they were. A request
/// that failed stored nothing and is simply run again. docs/architecture.md, "The repo write serialiser".
/// </remarks>
/// <param name="writer">The writer that applies commits.</param>
/// <param name="signers">The accounts' signing keys.</param>
public sealed class RepoEntity(RepoWriter writer, IAccountSigners signers) : TaskEntity<RepoEntityState>
{
    /// <summary>The entity name.</summary>
    public const string Name = "repo";

    /// <summary>The operation name of <see cref="Apply"/>.</summary>
    public const string ApplyOperation = "apply";

    /// <summary>Applies one call's writes as one commit.</summary>
    /// <param name="request">The call.</param>
    /// <returns>The commit, or the XRPC error the writer raised.</returns>
    public async Task<RepoWriteOutcome> Apply(RepoWriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outcome = await request.ApplyAsync(writer, signers, CancellationToken.None).ConfigureAwait(false);
        if (outcome.Rev is { } rev)
        {
            State.LastRev = rev;
            State.Commits++;
        }

        return outcome;
    }

    /// <inheritdoc/>
    protected override RepoEntityState InitializeState(TaskEntityOperation entityOperation) => new();
}
