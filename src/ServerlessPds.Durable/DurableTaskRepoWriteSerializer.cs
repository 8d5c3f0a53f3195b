using System.Collections.Concurrent;
using System.Text.Json;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using CoreTaskEntity = DurableTask.Core.Entities.TaskEntity;

namespace ServerlessPds.Durable;

/// <summary>
/// The entity serialiser (<see cref="RepoWriteSerializerMode.Entity"/>) for hosts without the Functions extension: runs
/// <see cref="RepoEntity"/> and <see cref="ApplyWritesOrchestrator"/> in this process on the Durable Task Framework's
/// Azure Storage backend (the backend the Functions extension uses in Azure; Azurite locally), and answers each call by
/// starting one orchestration that calls the DID's entity. Any number of processes may share the task hub; each
/// entity's operations run one at a time wherever its partition is leased.
/// </summary>
/// <remarks>
/// The worker starts on the first call. The answer comes from this process's orchestration as soon as the entity
/// answered, or, when another process ran it, from the orchestration's stored output, polled from the start (after
/// 250 ms, then at doubling intervals up to 1 s), since the orchestration runs wherever its partition is leased. Task
/// hub tables and queues are named after <c>TaskHubName</c>. docs/architecture.md, "The repo write serialiser".
/// </remarks>
public sealed class DurableTaskRepoWriteSerializer : IRepoWriteSerializer, IAsyncDisposable
{
    private static readonly JsonSerializerOptions OutputJson = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    private readonly AzureStorageOrchestrationServiceSettings _settings;
    private readonly RepoWriter _writer;
    private readonly IAccountSigners _signers;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RepoWriteOutcome>> _waiting = new();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private TaskHubWorker? _worker;
    private TaskHubClient? _client;

    /// <summary>Initializes a new instance; nothing runs until the first call.</summary>
    /// <param name="settings">The Azure Storage backend's settings (storage account, task hub name, polling).</param>
    /// <param name="writer">The writer the entity applies commits with.</param>
    /// <param name="signers">The accounts' signing keys.</param>
    /// <param name="loggerFactory">Logging for the framework; none when <see langword="null"/>.</param>
    public DurableTaskRepoWriteSerializer(
        AzureStorageOrchestrationServiceSettings settings, RepoWriter writer, IAccountSigners signers, ILoggerFactory? loggerFactory = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _signers = signers ?? throw new ArgumentNullException(nameof(signers));
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _settings.UseSeparateQueueForEntityWorkItems = true;
    }

    /// <summary>Creates the settings for a storage account given by connection string.</summary>
    /// <param name="connectionString">The storage account (Blob, Queue and Table endpoints).</param>
    /// <param name="taskHubName">The task hub: letters and digits, 3-45 characters, starting with a letter.</param>
    /// <returns>
    /// Settings with queue polling at most every 500 ms (the default backs off to 30 s when idle), and a worker id of its
    /// own (<c>&lt;machine&gt;-&lt;process id&gt;-&lt;8 hex digits&gt;</c>): the backend's default id is the machine
    /// name, under which every process on one machine holds every partition lease as its own, so one DID's operations
    /// would run in several processes at once.
    /// </returns>
    public static AzureStorageOrchestrationServiceSettings Settings(string connectionString, string taskHubName) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
        TaskHubName = taskHubName,
        WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}",
        MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
        PartitionCount = 4,
        UseTablePartitionManagement = true,
    };

    /// <inheritdoc/>
    public async Task<RepoCommitResult> ApplyWritesAsync(Did did, IReadOnlyList<RepoWrite> writes, Cid? swapCommit = null, CancellationToken cancellationToken = default)
    {
        var client = await StartAsync(cancellationToken).ConfigureAwait(false);
        var request = RepoWriteRequest.From(did, writes, swapCommit);
        var instanceId = request.Id;
        var answer = new TaskCompletionSource<RepoWriteOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[instanceId] = answer;
        try
        {
            var instance = await client.CreateOrchestrationInstanceAsync(ApplyWritesOrchestrator.Name, "", instanceId, request).ConfigureAwait(false);
            var poll = FirstPoll;
            while (true)
            {
                var tick = Task.Delay(poll, cancellationToken);
                if (await Task.WhenAny(answer.Task, tick).ConfigureAwait(false) == answer.Task)
                {
                    return (await answer.Task.ConfigureAwait(false)).ToResult();
                }

                await tick.ConfigureAwait(false);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxPoll.Ticks));
                var state = await client.GetOrchestrationStateAsync(instance).ConfigureAwait(false);
                if (state?.OrchestrationStatus == OrchestrationStatus.Completed)
                {
                    return JsonSerializer.Deserialize<RepoWriteOutcome>(state.Output, OutputJson)!.ToResult();
                }

                if (state?.OrchestrationStatus is OrchestrationStatus.Failed or OrchestrationStatus.Terminated)
                {
                    throw new InvalidOperationException($"The write orchestration {instanceId} for {did} failed: {state.FailureDetails?.ErrorMessage ?? state.Output}");
                }
            }
        }
        finally
        {
            _waiting.TryRemove(instanceId, out _);
        }
    }

    /// <summary>
    /// Stops the worker gracefully: it finishes the work it holds and releases its partition leases, so the workers of
    /// other processes take the partitions over at once (a forced stop would leave the control messages it had dequeued
    /// hidden for the backend's visibility timeout, 5 minutes, stalling the writes of other processes queued in them).
    /// </summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;
            await worker.StopAsync(isForced: false).ConfigureAwait(false);
            worker.Dispose();
        }

        _starting.Dispose();
    }

    private async Task<TaskHubClient> StartAsync(CancellationToken cancellationToken)
    {
        if (_client is { } started)
        {
            return started;
        }

        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is { } raced)
            {
                return raced;
            }

            var service = new AzureStorageOrchestrationService(_settings);
            await service.CreateIfNotExistsAsync().ConfigureAwait(false);
            var shims = new DurableTaskShimFactory(new Microsoft.DurableTask.Worker.DurableTaskWorkerOptions { EnableEntitySupport = true }, _loggerFactory);
            var orchestrations = new ObjectManager<TaskOrchestration>();
            orchestrations.Add(new FuncObjectCreator<TaskOrchestration>(
                ApplyWritesOrchestrator.Name, () => shims.CreateOrchestration(ApplyWritesOrchestrator.Name, new AnsweringOrchestrator(_waiting))));
            var entities = new ObjectManager<CoreTaskEntity>();
            entities.Add(new FuncObjectCreator<CoreTaskEntity>(
                RepoEntity.Name, () => new EntityAdapter(shims, () => new RepoEntity(_writer, _signers))));
            var worker = new TaskHubWorker(service, orchestrations, new ObjectManager<TaskActivity>(), entities, _loggerFactory);
            await worker.StartAsync().ConfigureAwait(false);
            _worker = worker;
            _client = new TaskHubClient(service, new PortableJsonConverter(), _loggerFactory);
            return _client;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary><see cref="ApplyWritesOrchestrator"/>, also handing the entity's answer to a caller waiting in this process.</summary>
    private sealed class AnsweringOrchestrator(ConcurrentDictionary<string, TaskCompletionSource<RepoWriteOutcome>> waiting)
        : Microsoft.DurableTask.TaskOrchestrator<RepoWriteRequest, RepoWriteOutcome>
    {
        public override async Task<RepoWriteOutcome> RunAsync(Microsoft.DurableTask.TaskOrchestrationContext context, RepoWriteRequest input)
        {
            var outcome = await new ApplyWritesOrchestrator().RunAsync(context, input).ConfigureAwait(true);
            if (!context.IsReplaying && waiting.TryGetValue(context.InstanceId, out var answer))
            {
                answer.TrySetResult(outcome);
            }

            return outcome;
        }
    }

    /// <summary>Runs a batch of an entity's operations with a fresh <see cref="RepoEntity"/> under the batch's entity id.</summary>
    private sealed class EntityAdapter(DurableTaskShimFactory shims, Func<RepoEntity> create) : CoreTaskEntity
    {
        public override Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest operations)
        {
            var id = EntityId.FromString(operations.InstanceId!);
            return shims.CreateEntity(id.Name, create(), id).ExecuteOperationBatchAsync(operations);
        }
    }

    /// <summary>An object creator from a name and a factory.</summary>
    private sealed class FuncObjectCreator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public FuncObjectCreator(string name, Func<T> create)
        {
            Name = name;
            Version = "";
            _create = create;
        }

        public override T Create() => _create();
    }

    /// <summary>The framework's registry of orchestrations, activities or entities, by name (versions unused).</summary>
    private sealed class ObjectManager<T> : INameVersionObjectManager<T>
    {
        private readonly ConcurrentDictionary<string, ObjectCreator<T>> _creators = new(StringComparer.Ordinal);

        public void Add(ObjectCreator<T> creator) => _creators[creator.Name] = creator;

        public T? GetObject(string name, string? version) => _creators.TryGetValue(name, out var creator) ? creator.Create() : default;
    }

    /// <summary>The client's converter: the portable SDK's System.Text.Json one, which the orchestrations and entities read with.</summary>
    private sealed class PortableJsonConverter : DurableTask.Core.Serializing.DataConverter
    {
        public override string Serialize(object value) => JsonDataConverter.Default.Serialize(value)!;

        public override string Serialize(object value, bool formatted) => Serialize(value);

        public override object Deserialize(string data, Type objectType) => JsonDataConverter.Default.Deserialize(data, objectType)!;
    }
}
