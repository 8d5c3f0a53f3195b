using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Storage.Azure.Accounts;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Repo;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers the storage ports on Azure Table and Blob Storage (<c>Pds__Storage__Mode=azure</c>, the default):
/// accounts, repos, pending markers and the event log, and creates their tables and containers at start-up.
/// </summary>
/// <remarks>docs/architecture.md, "Storage layout" and "Accounts on Table Storage".</remarks>
public static class AzureStorageComposition
{
    /// <summary>Registers the storage connection (resolved only in Azure mode) and the start-up that creates the tables.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => CreateConnection(Options(sp).Storage));
        services.AddHostedService<AzureStorageInitializer>();
        return services;
    }

    /// <summary>Creates the account store on Table Storage.</summary>
    /// <param name="services">The service provider.</param>
    /// <returns>The store.</returns>
    public static IAccountStore CreateAccountStore(IServiceProvider services) =>
        new TableAccountStore(services.GetRequiredService<StorageConnection>(), timeProvider: services.GetRequiredService<TimeProvider>());

    /// <summary>Creates the repo store on Table and Blob Storage.</summary>
    /// <param name="services">The service provider.</param>
    /// <returns>The store.</returns>
    public static IRepoStore CreateRepoStore(IServiceProvider services) => new TableRepoStore(services.GetRequiredService<StorageConnection>());

    /// <summary>Creates the pending-marker directory on Table Storage.</summary>
    /// <param name="services">The service provider.</param>
    /// <returns>The directory.</returns>
    public static IPendingDirectory CreatePendingDirectory(IServiceProvider services) =>
        new TablePendingDirectory(services.GetRequiredService<StorageConnection>(), timeProvider: services.GetRequiredService<TimeProvider>());

    /// <summary>Creates the event log on Table and Blob Storage.</summary>
    /// <param name="services">The service provider.</param>
    /// <returns>The event log.</returns>
    public static IEventLog CreateEventLog(IServiceProvider services) =>
        new TableEventLog(services.GetRequiredService<StorageConnection>(), timeProvider: services.GetRequiredService<TimeProvider>());

    /// <summary>Builds the storage connection from a connection string (Shared Key, Azurite) or endpoints plus a managed identity.</summary>
    /// <param name="options">The storage settings, already validated at start-up.</param>
    /// <returns>The connection.</returns>
    public static StorageConnection CreateConnection(PdsStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return StorageConnection.FromConnectionString(options.ConnectionString);
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
        return new StorageConnection(
            options.TableEndpoint is null ? null : new Uri(options.TableEndpoint),
            options.BlobEndpoint is null ? null : new Uri(options.BlobEndpoint),
            credential);
    }

    private static PdsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<PdsOptions>>().Value;

    /// <summary>Creates the tables and containers before the server takes requests (idempotent).</summary>
    private sealed class AzureStorageInitializer(IServiceProvider services, ILogger<AzureStorageInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (Options(services).Storage.Mode != PdsStorageMode.Azure)
            {
                return;
            }

            var connection = services.GetRequiredService<StorageConnection>();
            await AzureStorageSetup.CreateTablesAndContainersAsync(connection, cancellationToken: cancellationToken).ConfigureAwait(false);
            await TableAccountStore.CreateTablesAsync(connection, cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Azure storage ready: {Account}", connection.AccountName);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
