using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Repo;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers the repo snapshot store (docs/architecture.md, "Sync reads"): blob container <c>snapshots</c> in Azure
/// mode, memory otherwise.
/// </summary>
public static class RepoSnapshotComposition
{
    /// <summary>Registers <see cref="IRepoSnapshotStore"/> unless one is registered already.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddRepoSnapshots(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IRepoSnapshotStore>(sp =>
            sp.GetRequiredService<IOptions<PdsOptions>>().Value.Storage.Mode == PdsStorageMode.Azure
                ? new BlobRepoSnapshotStore(sp.GetRequiredService<StorageConnection>())
                : new MemoryRepoSnapshotStore());
        return services;
    }
}
