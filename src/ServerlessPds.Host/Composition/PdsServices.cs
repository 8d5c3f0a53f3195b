using System.Text;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Identity;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Pds.Sequencing;
using ServerlessPds.Pds.Storage.Local;
using ServerlessPds.Pds.Storage.Memory;
using ServerlessPds.Pds.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers the PDS's ports and services in DI: storage (<see cref="AddPdsStorage"/>), keys (the
/// <see cref="LocalKeyProtector"/> over <c>Pds__KeyEncryptionKey</c> and the PLC rotation key derived from it),
/// identity (<see cref="PlcDirectoryClient"/> at <c>Pds__PlcUrl</c>, <see cref="HandleResolver"/>,
/// <see cref="IdentityService"/>), accounts and sessions, the repo writer, reader and sequencer with the background
/// sweeper, the rate limiters, and what the XRPC handlers take from the configuration (<see cref="PdsServerOptions"/>, and
/// <see cref="ServiceKeyResolver"/> over <see cref="DidDocumentSource"/> for service auth). Every service is a singleton built from the validated <see cref="PdsOptions"/>;
/// tests replace a port by registering their own after <see cref="AddPdsServices"/> (e.g. an <see cref="IPlcDirectory"/>).
/// </summary>
public static class PdsServices
{
    /// <summary>The id written into values protected by the configured key-encryption key.</summary>
    public const byte KeyEncryptionKeyId = 1;

    /// <summary>Registers everything.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPdsServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPdsStorage();
        services.AddPdsBlobs();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IKeyProtector>(sp => new LocalKeyProtector(KeyEncryptionKeyId, KeyEncryptionKey(Options(sp))));
        services.AddSingleton(sp => new ServiceRotationKeyHolder(Options(sp).PlcRotationKeyK256PrivateKeyHex is { Length: > 0 } hex
            ? Protocol.Crypto.SigningKey.Import(Protocol.Crypto.KeyAlgorithm.K256, Convert.FromHexString(hex.Trim()))
            : ServiceRotationKey.Derive(KeyEncryptionKey(Options(sp)))));

        services.AddSingleton<IPlcDirectory>(sp => new PlcDirectoryClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, new Uri(Options(sp).PlcUrl)));
        services.AddSingleton<IHandleResolver>(_ => new HandleResolver(new HttpClient { Timeout = HandleResolverOptions.DefaultTimeout }));
        services.AddSingleton(sp => new HandlePolicy(Options(sp).UserDomains));
        services.AddSingleton<IdentityService>();
        services.AddDidDocuments();
        services.AddSingleton<ServiceKeyResolver>(sp => sp.GetRequiredService<DidDocumentSource>().ResolveSigningKeyAsync);
        services.AddSingleton(sp => new PdsServerOptions
        {
            ServiceDid = Did.Parse(Options(sp).ServiceDid!),
            PublicUrl = PublicUrl(sp),
            UserDomains = [.. Options(sp).UserDomains],
            InviteRequired = Options(sp).InviteRequired,
            BlobUploadLimitBytes = Options(sp).BlobUploadLimitBytes,
            PrivacyPolicyUrl = Options(sp).PrivacyPolicyUrl,
            TermsOfServiceUrl = Options(sp).TermsOfServiceUrl,
            ContactEmail = Options(sp).ContactEmail,
        });
        services.AddSingleton<IDidRegistrar>(sp => new PlcDidRegistrar(
            sp.GetRequiredService<IdentityService>(), sp.GetRequiredService<ServiceRotationKeyHolder>().Key, PublicUrl(sp)));

        services.AddSingleton(sp => new SessionTokens(
            new SessionTokenOptions { Secret = Encoding.UTF8.GetBytes(Options(sp).JwtSecret!), ServiceDid = Did.Parse(Options(sp).ServiceDid!) },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton(sp => new SessionService(
            sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<SessionTokens>(), sp.GetRequiredService<PasswordHasher>(),
            sp.GetRequiredService<IDidDocumentSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AuthVerifier(
            sp.GetRequiredService<SessionTokens>(), sp.GetRequiredService<IAccountStore>(), Options(sp).AdminPassword, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new InviteCodeService(sp.GetRequiredService<IAccountStore>(), Options(sp).Hostname!, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAccountEvents, RepoAccountEvents>();
        services.AddSingleton<IRepoStatusSource, RepoHeadStatusSource>();
        services.AddSingleton<Pds.Sync.RepoSizeCounter>();
        services.TryAddSingleton<IAccountMailer, MemoryAccountMailer>();
        services.AddSingleton(sp => new AccountService(
            sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<IKeyProtector>(), sp.GetRequiredService<IDidRegistrar>(),
            sp.GetRequiredService<HandlePolicy>(), sp.GetRequiredService<PasswordHasher>(), sp.GetRequiredService<SessionService>(),
            sp.GetRequiredService<InviteCodeService>(), sp.GetRequiredService<IAccountEvents>(),
            new AccountServiceOptions { InviteRequired = Options(sp).InviteRequired },
            sp.GetRequiredService<IAccountMailer>(), sp.GetRequiredService<IRepoStatusSource>(), sp.GetRequiredService<IDidDocumentSource>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IRepoWriteGate>()));
        services.AddSingleton<IAccountSigners>(sp => sp.GetRequiredService<AccountService>());
        services.AddSingleton(sp => new ServiceAuthIssuer(sp.GetRequiredService<IAccountSigners>(), sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton<LocalEventNotifier>();
        services.AddSingleton<IEventNotifier>(sp => sp.GetRequiredService<LocalEventNotifier>());
        services.AddSingleton<Sequencer>();
        services.AddSingleton<RecentRepoBlocks>();
        services.AddSingleton(sp => new RepoWriter(
            new RecentBlocksRepoStore(sp.GetRequiredService<IRepoStore>(), sp.GetRequiredService<RecentRepoBlocks>(), did => sp.GetRequiredService<RepoSnapshotRefresher>().OnCommitted(did)),
            sp.GetRequiredService<IPendingDirectory>(), sp.GetRequiredService<Sequencer>(),
            sp.GetRequiredService<IBlobCatalog>(), timeProvider: sp.GetRequiredService<TimeProvider>(), accounts: sp.GetRequiredService<IAccountStore>()));
        services.AddSingleton<IRepoWriteGate>(sp => sp.GetRequiredService<RepoWriter>());
        services.AddSingleton<IRepoWriteSerializer>(sp => Options(sp).Commits.Serializer == RepoWriteSerializerMode.Entity
            ? new Durable.DurableTaskRepoWriteSerializer(
                Durable.DurableTaskRepoWriteSerializer.Settings(Options(sp).Storage.ConnectionString!, Options(sp).Commits.TaskHub),
                sp.GetRequiredService<RepoWriter>(), sp.GetRequiredService<IAccountSigners>(), sp.GetRequiredService<ILoggerFactory>())
            : new DirectRepoWriteSerializer(sp.GetRequiredService<RepoWriter>(), sp.GetRequiredService<IAccountSigners>()));
        services.AddSingleton<RepoReader>();
        services.AddSingleton(sp => new RepoAvailability(sp.GetRequiredService<IAccountStore>()));
        services.AddSingleton(sp => new SequencerSweeper(
            sp.GetRequiredService<IPendingDirectory>(), sp.GetRequiredService<IRepoStore>(), sp.GetRequiredService<Sequencer>(),
            timeProvider: sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SequencerSweeperService>();
        services.AddPdsFirehose();

        services.AddSingleton(sp => new RateLimiter(sp.GetRequiredService<TimeProvider>(), enabled: Options(sp).RateLimits.Enabled));
        services.AddSingleton<RequestRateLimiter>();
        services.AddSingleton<WriteRateLimiter>();
        services.AddXrpcSurface();
        services.AddPdsSync();
        services.AddAccountMigration();
        services.AddPdsProxy();
        return services;
    }

    /// <summary>
    /// Registers the storage ports by <see cref="PdsStorageOptions.Mode"/>: Azure Table and Blob Storage
    /// (<see cref="AzureStorageComposition.AddAzureStorage"/>), or in-memory ports that lose everything on exit.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPdsStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAzureStorage();
        services.TryAddSingleton<IAccountStore>(sp => IsAzure(sp)
            ? AzureStorageComposition.CreateAccountStore(sp)
            : ActivatorUtilities.CreateInstance<MemoryAccountStore>(sp));
        services.TryAddSingleton<IRepoStore>(sp => IsAzure(sp)
            ? AzureStorageComposition.CreateRepoStore(sp)
            : ActivatorUtilities.CreateInstance<MemoryRepoStore>(sp));
        services.TryAddSingleton<IPendingDirectory>(sp => IsAzure(sp)
            ? AzureStorageComposition.CreatePendingDirectory(sp)
            : new MemoryPendingDirectory(sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IEventLog>(sp => new RecentEventLog(
            IsAzure(sp) ? AzureStorageComposition.CreateEventLog(sp) : new MemoryEventLog(sp.GetService<TimeProvider>()),
            sp.GetService<TimeProvider>()));
        services.AddRepoSnapshots();
        return services;
    }

    private static bool IsAzure(IServiceProvider services) => Options(services).Storage.Mode == PdsStorageMode.Azure;

    private static PdsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<PdsOptions>>().Value;

    private static Uri PublicUrl(IServiceProvider services) => new(Options(services).PublicUrl!);

    private static byte[] KeyEncryptionKey(PdsOptions options) => Convert.FromBase64String(options.KeyEncryptionKey!.Trim());
}
