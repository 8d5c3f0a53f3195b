using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerlessPds.Pds.Api.Com.Atproto.Repo;
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
