using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers the blob reference side of the repo engine: the repo store's reference rows as <see cref="IBlobReferenceIndex"/>
/// and <see cref="IBlobReferences"/> (for the blob collector), and <see cref="RepoBlobReport"/> (listMissingBlobs,
/// checkAccountStatus). The <see cref="IBlobCatalog"/> is the blob store's (<see cref="BlobServices.AddPdsBlobs"/>).
/// </summary>
/// <remarks>docs/architecture.md, "Blob references".</remarks>
public static class BlobReferenceComposition
{
    /// <summary>Registers the services (TryAdd, so an earlier registration wins).</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">At resolution: the registered <see cref="IRepoStore"/> keeps no reference rows.</exception>
    public static IServiceCollection AddBlobReferences(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(sp => sp.GetRequiredService<IRepoStore>() as IBlobReferenceIndex
            ?? throw new InvalidOperationException($"The repo store {sp.GetRequiredService<IRepoStore>().GetType().Name} keeps no blob reference rows."));
        services.TryAddSingleton<IBlobReferences>(sp => sp.GetRequiredService<IBlobReferenceIndex>());
        services.TryAddSingleton(sp => new RepoBlobReport(sp.GetRequiredService<IBlobReferenceIndex>(), sp.GetRequiredService<IBlobCatalog>()));
        return services;
    }
}
