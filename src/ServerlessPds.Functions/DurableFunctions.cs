using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ServerlessPds.Durable;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Functions;

/// <summary>
/// The Durable Functions of the entity serialiser (<c>Pds__Commits__Serializer=entity</c>): the Durable Entity per DID
/// and the orchestration that calls it for one write call, each handing the trigger to the code the standalone host runs
/// on the Durable Task Framework (<see cref="RepoEntity"/>, <see cref="ApplyWritesOrchestrator"/>). The function names
/// are the entity and orchestration names. The task hub is <c>host.json</c>'s <c>durableTask.hubName</c>.
/// </summary>
/// <param name="pds">The application whose writer and signing keys the entity uses.</param>
public sealed class DurableFunctions(PdsApplication pds)
{
    /// <summary>The entity <c>repo</c> (key: the DID): applies the DID's writes one at a time.</summary>
    /// <param name="dispatcher">The batch of operations the extension delivers.</param>
    /// <returns>A task that completes when the batch has run.</returns>
    [Function(RepoEntity.Name)]
    public async Task RepoAsync([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        await (dispatcher ?? throw new ArgumentNullException(nameof(dispatcher))).DispatchAsync(await pds.CreateRepoEntityAsync().ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>The orchestration <c>apply-writes</c>: one write call, answered by the DID's entity.</summary>
    /// <param name="context">The orchestration context; its input is a <see cref="RepoWriteRequest"/>.</param>
    /// <returns>The entity's answer.</returns>
    [Function(ApplyWritesOrchestrator.Name)]
    public static Task<RepoWriteOutcome> ApplyWritesAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ApplyWritesOrchestrator().RunAsync(context, (context ?? throw new ArgumentNullException(nameof(context))).GetInput<RepoWriteRequest>()!);
}
