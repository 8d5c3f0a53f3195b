using Azure.Core;
using Azure.Core.Pipeline;
using ServerlessPds.Pds.Tests.Repo;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Testing.Azurite;

namespace ServerlessPds.Storage.Azure.Tests.Repo;

/// <summary>Fresh, uniquely named repo tables and containers on a shared Azurite, and the engine harness over them.</summary>
internal static class AzureRepoStorage
{
    private static int _counter;

    public static AzureRepoStorageNames Create(StorageConnection connection) => CreateAsync(connection).GetAwaiter().GetResult();

    public static async Task<AzureRepoStorageNames> CreateAsync(StorageConnection connection)
    {
        var names = AzureRepoStorageNames.WithPrefix($"r{Interlocked.Increment(ref _counter)}x{Environment.ProcessId % 10_000}");
        await AzureStorageSetup.CreateTablesAndContainersAsync(connection, names);
        return names;
    }

    /// <summary>An engine harness over new Azure tables; its manual clock starts at the real time, which storage timestamps use.</summary>
    public static EngineHarness Harness(StorageConnection connection, KeyAlgorithm? algorithm = null) => Harness(connection, Create(connection), algorithm);

    /// <summary>An engine harness over the tables <paramref name="names"/>.</summary>
    public static EngineHarness Harness(StorageConnection connection, AzureRepoStorageNames names, KeyAlgorithm? algorithm = null)
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        return new EngineHarness(new TableRepoStore(connection, names), new TablePendingDirectory(connection, names, time), new TableEventLog(connection, names, time), time, algorithm);
    }

    /// <summary>A connection to <paramref name="azurite"/> through extra pipeline policies, with quick retries.</summary>
    public static StorageConnection Connect(AzuriteFixture azurite, HttpPipelinePolicy? perCall = null, HttpPipelinePolicy? perRetry = null)
    {
        var options = new StorageClientOptions();
        options.Delay = TimeSpan.FromMilliseconds(20);
        options.MaxDelay = TimeSpan.FromMilliseconds(200);
        if (perCall is not null)
        {
            options.AddPolicy(perCall, HttpPipelinePosition.PerCall);
        }

        if (perRetry is not null)
        {
            options.AddPolicy(perRetry, HttpPipelinePosition.PerRetry);
        }

        return StorageConnection.FromConnectionString(azurite.ConnectionString, options);
    }
}
