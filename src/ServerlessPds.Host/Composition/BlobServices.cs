using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Blobs;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers blob storage and its services: the <see cref="IBlobStore"/> by storage mode (<see cref="TableBlobStore"/>
/// or <see cref="MemoryBlobStore"/>), also as the <see cref="IBlobCatalog"/> the repo engine claims through, the
/// uploader, the listing, the blob references the repo store keeps (<see cref="BlobReferenceComposition"/>), the garbage collector and its background service, and the creation of the blob table and
/// container at start-up.
/// </summary>
/// <remarks>docs/architecture.md, "Blobs".</remarks>
public static class BlobServices
{
    /// <summary>Registers everything (ports with TryAdd, so tests and other compositions may register their own first).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPdsBlobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IValidateOptions<PdsOptions>, PdsBlobOptionsValidator>();
        services.TryAddSingleton<IBlobStore>(sp => Options(sp).Storage.Mode == PdsStorageMode.Azure
            ? new TableBlobStore(sp.GetRequiredService<StorageConnection>(), timeProvider: sp.GetRequiredService<TimeProvider>())
            : new MemoryBlobStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IBlobCatalog>(sp => sp.GetRequiredService<IBlobStore>());

        services.AddBlobReferences();

        services.AddSingleton(sp => new BlobUploader(sp.GetRequiredService<IBlobStore>(), Options(sp).BlobUploadLimitBytes));
        services.AddSingleton(sp => new BlobListing(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IBlobReferences>()));
        services.AddSingleton(sp => new BlobGarbageCollector(
            sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IBlobReferences>(),
            new BlobGarbageCollectorOptions { GracePeriod = Options(sp).Blobs.GcGracePeriod }, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<BlobStorageInitializer>();
        services.AddHostedService<BlobGarbageCollectorService>();
        return services;
    }

    private static PdsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<PdsOptions>>().Value;

    /// <summary>Creates the blob table and container before the server takes requests (Azure mode; idempotent).</summary>
    private sealed class BlobStorageInitializer(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Options(services).Storage.Mode == PdsStorageMode.Azure
            ? TableBlobStore.CreateTablesAndContainersAsync(services.GetRequiredService<StorageConnection>(), cancellationToken: cancellationToken)
            : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
