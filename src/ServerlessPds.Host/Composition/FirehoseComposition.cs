using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Sequencing;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers the firehose: the <see cref="FirehoseHub"/> over the event log, woken by this instance's
/// <see cref="LocalEventNotifier"/> (<see cref="IEventWaiter"/>), and the <see cref="EventRetention"/> sweeper run by
/// <see cref="EventRetentionService"/>, all from <see cref="PdsOptions.Firehose"/>.
/// </summary>
/// <remarks>docs/architecture.md, "The firehose".</remarks>
public static class FirehoseComposition
{
    /// <summary>Registers the firehose services.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPdsFirehose(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IEventWaiter>(sp => sp.GetRequiredService<LocalEventNotifier>());
        services.AddSingleton(sp => new FirehoseHub(
            sp.GetRequiredService<IEventLog>(), sp.GetRequiredService<IEventWaiter>(), Settings(sp).ToFirehoseOptions()));
        services.AddSingleton(sp => new EventRetention(
            sp.GetRequiredService<IEventLog>(), new EventRetentionOptions { Window = Settings(sp).Retention }, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<EventRetentionService>();
        services.AddPdsWebPubSubFirehose();
        return services;
    }

    private static PdsFirehoseOptions Settings(IServiceProvider services) => services.GetRequiredService<IOptions<PdsOptions>>().Value.Firehose;
}
