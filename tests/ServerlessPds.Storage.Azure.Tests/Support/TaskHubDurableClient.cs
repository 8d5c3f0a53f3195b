using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Converters;

namespace ServerlessPds.Storage.Azure.Tests.Support;

/// <summary>
/// A <see cref="DurableTaskClient"/> over the Durable Task Framework's <see cref="TaskHubClient"/>, for what the entity
/// serialiser of the function app uses (start an orchestration, wait for it); the rest is not supported. It stands in
/// for the client the Functions extension binds, on the same Azure Storage backend.
/// </summary>
internal sealed class TaskHubDurableClient(TaskHubClient client) : DurableTaskClient("taskhub")
{
    /// <summary>Creates the client of a task hub, with the converter the Durable Task SDK's orchestrations read with.</summary>
    public static TaskHubDurableClient Create(global::DurableTask.AzureStorage.AzureStorageOrchestrationServiceSettings settings) =>
        new(new TaskHubClient(new global::DurableTask.AzureStorage.AzureStorageOrchestrationService(settings), new PortableConverter()));

    public override DurableEntityClient Entities => throw new NotSupportedException();

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instance = await client.CreateOrchestrationInstanceAsync(orchestratorName.Name, "", options?.InstanceId ?? Guid.NewGuid().ToString("N"), input);
        return instance.InstanceId;
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var state = await client.WaitForOrchestrationAsync(new OrchestrationInstance { InstanceId = instanceId }, TimeSpan.FromMinutes(2), cancellation);
        return new OrchestrationMetadata(state.Name, instanceId)
        {
            RuntimeStatus = (OrchestrationRuntimeStatus)(int)state.OrchestrationStatus,
            SerializedOutput = state.Output,
            DataConverter = JsonDataConverter.Default,
        };
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class PortableConverter : global::DurableTask.Core.Serializing.DataConverter
    {
        public override string Serialize(object value) => JsonDataConverter.Default.Serialize(value)!;

        public override string Serialize(object value, bool formatted) => Serialize(value);

        public override object Deserialize(string data, Type objectType) => JsonDataConverter.Default.Deserialize(data, objectType)!;
    }
}
