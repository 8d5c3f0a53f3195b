using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Durable;

/// <summary>
/// The orchestration of one write call (name <see cref="Name"/>): calls the DID's <see cref="RepoEntity"/> and returns its
/// answer. Clients cannot call an entity and wait for its answer; an orchestration can, and the client waits for the
/// orchestration.
/// </summary>
public sealed class ApplyWritesOrchestrator : TaskOrchestrator<RepoWriteRequest, RepoWriteOutcome>
{
    /// <summary>The orchestration name.</summary>
    public const string Name = "apply-writes";

    /// <inheritdoc/>
    public override Task<RepoWriteOutcome> RunAsync(TaskOrchestrationContext context, RepoWriteRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return context.Entities.CallEntityAsync<RepoWriteOutcome>(new EntityInstanceId(RepoEntity.Name, input.Did), RepoEntity.ApplyOperation, input);
    }
}
