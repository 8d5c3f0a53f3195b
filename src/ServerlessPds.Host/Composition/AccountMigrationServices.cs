using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Host.Composition;

/// <summary>Registers what accounts migrating in need: the service-auth key resolver of createAccount and the importRepo service.</summary>
/// <remarks>Spec: atproto.com/specs/account ("Account Migration").</remarks>
public static class AccountMigrationServices
{
    /// <summary>Registers <see cref="PlcServiceKeyResolver"/> and <see cref="RepoImporter"/> as singletons.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAccountMigration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new PlcServiceKeyResolver(sp.GetRequiredService<IPlcDirectory>()));
        services.AddSingleton(sp => new RepoImporter(
            sp.GetRequiredService<RepoWriter>(), sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<IAccountSigners>(),
            sp.GetRequiredService<IDidDocumentSource>()));
        return services;
    }
}
