using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sync;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers the sync services: <see cref="RepoExporter"/> (with the <see cref="IRepoSnapshotStore"/>, whose snapshot
/// is deleted with the account through <see cref="SnapshotAccountEvents"/>, and the <see cref="RecentRepoBlocks"/> the
/// writer feeds, whose growth the <see cref="RepoSnapshotRefresher"/> turns into background snapshot refreshes) and <see cref="SyncReader"/> (the
/// <c>com.atproto.sync.*</c> reads), and the <see cref="CrawlerNotifier"/> over <see cref="HttpRelayClient"/> for <c>Pds__Crawlers</c>. The
/// notifier is hooked in by decorating the registered <see cref="IAccountEvents"/> (a crawl request when an account is
/// created or activated) and <see cref="IEventNotifier"/> (a renewal after sequencing when the last request is stale).
/// </summary>
public static partial class SyncComposition
{
    /// <summary>Registers the sync services; call after <see cref="IAccountEvents"/> and <see cref="IEventNotifier"/> are registered.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPdsSync(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RepoExporter));
            return new RepoExporter(
                sp.GetRequiredService<IRepoStore>(),
                snapshots: sp.GetRequiredService<IRepoSnapshotStore>(),
                onSnapshotFailure: (did, e) => LogSnapshotFailed(logger, did.Value, e),
                recent: sp.GetRequiredService<RecentRepoBlocks>());
        });
        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RepoSnapshotRefresher));
            return new RepoSnapshotRefresher(
                sp.GetRequiredService<IRepoStore>(), sp.GetRequiredService<RepoExporter>(), sp.GetRequiredService<RecentRepoBlocks>(),
                onFailure: (did, e) => LogSnapshotRefreshFailed(logger, did.Value, e));
        });
        services.AddSingleton(sp => new SyncReader(sp.GetRequiredService<IRepoStore>()));
        services.AddSingleton<IRelayClient>(_ => new HttpRelayClient(new HttpClient { Timeout = HttpRelayClient.DefaultTimeout }));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<PdsOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrawlerNotifier));
            return new CrawlerNotifier(
                sp.GetRequiredService<IRelayClient>(),
                options.Crawlers.Select(c => new Uri(c)),
                options.Hostname!,
                timeProvider: sp.GetRequiredService<TimeProvider>(),
                onFailure: (relay, e) => LogCrawlFailed(logger, relay, e));
        });
        Decorate<IAccountEvents>(services, (sp, inner) => new CrawlingAccountEvents(inner, sp.GetRequiredService<CrawlerNotifier>()));
        Decorate<IEventNotifier>(services, (sp, inner) => new CrawlingEventNotifier(inner, sp.GetRequiredService<CrawlerNotifier>()));
        Decorate<IAccountEvents>(services, (sp, inner) => new SnapshotAccountEvents(
            inner, sp.GetRequiredService<IRepoSnapshotStore>(), sp.GetRequiredService<RepoSnapshotRefresher>(),
            sp.GetRequiredService<RecentRepoBlocks>(), sp.GetRequiredService<RepoExporter>()));
        return services;
    }

    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap)
        where T : class
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(T) && !d.IsKeyedService);
        if (inner is null)
        {
            return;
        }

        services.Remove(inner);
        services.AddSingleton(sp => wrap(sp, (T)(inner.ImplementationInstance
            ?? inner.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The getRepo snapshot of {Did} could not be read or saved; the export went on without it")]
    private static partial void LogSnapshotFailed(ILogger logger, string did, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The background refresh of the getRepo snapshot of {Did} failed; the next commit tries again")]
    private static partial void LogSnapshotRefreshFailed(ILogger logger, string did, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "requestCrawl to {Relay} failed")]
    private static partial void LogCrawlFailed(ILogger logger, Uri relay, Exception exception);
}
