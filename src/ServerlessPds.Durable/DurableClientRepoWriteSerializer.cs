using Microsoft.DurableTask.Client;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Durable;

/// <summary>
/// The entity serialiser (<see cref="RepoWriteSerializerMode.Entity"/>) for a host whose Durable Task worker runs
/// elsewhere (the function app, where the Durable Functions extension runs <see cref="RepoEntity"/> and
/// <see cref="ApplyWritesOrchestrator"/>): each call starts one <see cref="ApplyWritesOrchestrator"/> through a
/// <see cref="DurableTaskClient"/> and waits for its output.
/// </summary>
/// <remarks>
/// The client comes from <paramref name="client"/> at each call, because the function app's client is a binding of the
/// invocation (<c>[DurableClient]</c>). The orchestration's instance id is the request's id, so the entity can tell a
/// re-delivered operation from a new one. docs/architecture.md, "The repo write serialiser".
/// </remarks>
/// <param name="client">Gives the client of the current call; <see langword="null"/> when there is none.</param>
public sealed class DurableClientRepoWriteSerializer(Func<DurableTaskClient?> client) : IRepoWriteSerializer
{
    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">There is no client for this call, or the orchestration failed or was terminated.</exception>
    public async Task<RepoCommitResult> ApplyWritesAsync(Did did, IReadOnlyList<RepoWrite> writes, Cid? swapCommit = null, CancellationToken cancellationToken = default)
    {
        var durable = client() ?? throw new InvalidOperationException(
            "Pds__Commits__Serializer=entity: this call has no Durable Task client (only the function app's xrpc trigger binds one).");
        var request = RepoWriteRequest.From(did, writes, swapCommit);
        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync(
            ApplyWritesOrchestrator.Name, request, new Microsoft.DurableTask.StartOrchestrationOptions(request.Id), cancellationToken).ConfigureAwait(false);
        var state = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed || state.ReadOutputAs<RepoWriteOutcome>() is not { } outcome)
        {
            throw new InvalidOperationException(
                $"The write orchestration {instanceId} for {did} ended {state.RuntimeStatus}: {state.FailureDetails?.ErrorMessage ?? state.SerializedOutput}");
        }

        return outcome.ToResult();
    }
}
