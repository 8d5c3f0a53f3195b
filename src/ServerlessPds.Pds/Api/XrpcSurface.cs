using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServerlessPds.Pds.Api.App.Bsky.Actor;
using ServerlessPds.Pds.Api.Com.Atproto.Repo;

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
        // app.bsky.actor (the preferences this PDS keeps; every other app.bsky method is forwarded)
        services.AddXrpcHandler<GetPreferences>();
        services.AddXrpcHandler<PutPreferences>();
        return services;
    }

    private static void AddXrpcHandler<THandler>(this IServiceCollection services)
        where THandler : class, IXrpcHandler =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IXrpcHandler, THandler>());
}
