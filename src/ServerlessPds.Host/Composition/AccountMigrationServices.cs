using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Host.Composition;

/// <summary>Registers what accounts migrating in need beyond createAccount's service auth (which <see cref="DidDocumentSource"/> resolves): the importRepo service.</summary>
/// <remarks>Spec: atproto.com/specs/account ("Account Migration").</remarks>
public static class AccountMigrationServices
{
    /// <summary>Registers <see cref="RepoImporter"/> as a singleton.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAccountMigration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new RepoImporter(
            sp.GetRequiredService<RepoWriter>(), sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<IAccountSigners>(),
            sp.GetRequiredService<IDidDocumentSource>()));
        return services;
    }
}
