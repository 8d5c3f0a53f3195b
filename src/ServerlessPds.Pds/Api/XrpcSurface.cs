using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerlessPds.Pds.Api.App.Bsky.Actor;
using ServerlessPds.Pds.Api.Com.Atproto.Identity;
using ServerlessPds.Pds.Api.Com.Atproto.Repo;
using ServerlessPds.Pds.Api.Com.Atproto.Server;
using SyncMethods = ServerlessPds.Pds.Api.Com.Atproto.Sync;

namespace ServerlessPds.Pds.Api;

/// <summary>
/// Registers the XRPC surface: every <see cref="IXrpcHandler"/> (one per NSID, singletons over the PDS services) and
/// <see cref="XrpcMethods"/>. The hosts map each handler's route; neither holds XRPC behaviour of its own.
/// </summary>
public static class XrpcSurface
{
    /// <summary>Registers the handlers, grouped by lexicon namespace.</summary>
    /// <param name="services">The service collection (the PDS services the handlers use are registered by the host).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddXrpcSurface(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<XrpcMethods>();

        // com.atproto.repo
        services.TryAddSingleton<RecordWriteCommit>();
        services.AddXrpcHandler<CreateRecord>();
        services.AddXrpcHandler<PutRecord>();
        services.AddXrpcHandler<DeleteRecord>();
        services.AddXrpcHandler<ApplyWrites>();

        // com.atproto.server
        services.AddXrpcHandler<DescribeServer>();
        services.AddXrpcHandler<CreateAccount>();
        services.AddXrpcHandler<CheckAccountStatus>();
        services.AddXrpcHandler<ActivateAccount>();
        services.AddXrpcHandler<DeactivateAccount>();
        services.AddXrpcHandler<RequestAccountDelete>();
        services.AddXrpcHandler<DeleteAccount>();
        services.AddXrpcHandler<CreateInviteCode>();
        services.AddXrpcHandler<CreateInviteCodes>();
        services.AddXrpcHandler<CreateSession>();
        services.AddXrpcHandler<GetSession>();
        services.AddXrpcHandler<RefreshSession>();
        services.AddXrpcHandler<DeleteSession>();
        services.AddXrpcHandler<CreateAppPassword>();
        services.AddXrpcHandler<ListAppPasswords>();
        services.AddXrpcHandler<RevokeAppPassword>();
        services.AddXrpcHandler<GetServiceAuth>();

        // com.atproto.identity
        services.AddXrpcHandler<ResolveHandle>();
        services.AddXrpcHandler<UpdateHandle>();
        services.AddXrpcHandler<GetRecommendedDidCredentials>();

        // app.bsky.actor (the preferences this PDS keeps; every other app.bsky method is forwarded)
        services.AddXrpcHandler<GetPreferences>();
        services.AddXrpcHandler<PutPreferences>();
        // com.atproto.repo reads, blobs and migration
        services.TryAddSingleton<RepoReadAccess>();
        services.AddXrpcHandler<GetRecord>();
        services.AddXrpcHandler<ListRecords>();
        services.AddXrpcHandler<DescribeRepo>();
        services.AddXrpcHandler<UploadBlob>();
        services.AddXrpcHandler<ListMissingBlobs>();
        services.AddXrpcHandler<ImportRepo>();

        // com.atproto.sync (subscribeRepos, a WebSocket, stays with the hosts)
        services.AddXrpcHandler<SyncMethods.GetRepo>();
        services.AddXrpcHandler<SyncMethods.GetLatestCommit>();
        services.AddXrpcHandler<SyncMethods.GetRecord>();
        services.AddXrpcHandler<SyncMethods.GetBlocks>();
        services.AddXrpcHandler<SyncMethods.GetRepoStatus>();
        services.AddXrpcHandler<SyncMethods.ListRepos>();
        services.AddXrpcHandler<SyncMethods.GetBlob>();
        services.AddXrpcHandler<SyncMethods.ListBlobs>();
        return services;
    }

    private static void AddXrpcHandler<THandler>(this IServiceCollection services)
        where THandler : class, IXrpcHandler =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IXrpcHandler, THandler>());
}
