using DurableTask.AzureStorage;
using ServerlessPds.Durable;

namespace ServerlessPds.StressWorker;

/// <summary>The Azure Storage backend settings of the worker's entity serialiser.</summary>
internal static class EntitySettings
{
    /// <summary>
    /// The serialiser's settings for <paramref name="options"/>' storage and task hub, with leases short enough that a
    /// killed worker's partitions move to a live one within seconds (rather than the backend's half a minute), and, with
    /// <c>--visibility-seconds</c>, the control messages a killed worker had dequeued visible again after that many
    /// seconds (rather than 5 minutes; a live worker holding a message longer sees it delivered twice).
    /// </summary>
    public static AzureStorageOrchestrationServiceSettings For(WorkerOptions options)
    {
        var settings = DurableTaskRepoWriteSerializer.Settings(options.ConnectionString, options.TaskHub);
        settings.PartitionCount = options.Partitions;
        settings.LeaseInterval = TimeSpan.FromSeconds(6);
        settings.LeaseRenewInterval = TimeSpan.FromSeconds(2);
        settings.LeaseAcquireInterval = TimeSpan.FromSeconds(2);
        if (options.VisibilitySeconds is { } seconds)
        {
            settings.ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(seconds);
        }

        Console.Error.WriteLine($"stress worker: entity serializer on task hub {settings.TaskHubName} as {settings.WorkerId}");
        return settings;
    }
}
