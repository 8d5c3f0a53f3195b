using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessPds.Host.Composition;
using ServerlessPds.Pds.Blobs;
using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Sequencing;

namespace ServerlessPds.Functions;

/// <summary>
/// The timer triggers: the sweeps the standalone host runs on timers in its process, one sweep per tick through the
/// same code (<see cref="SequencerSweeperService.SweepOnceAsync"/>, <see cref="BlobGarbageCollectorService.SweepOnceAsync"/>,
/// <see cref="EventRetentionService.SweepOnceAsync"/>). Schedules are six-field CRON (seconds first). Every sweep is
/// safe to run on several instances at once; a failure is logged and the next tick retries.
/// </summary>
/// <param name="pds">The application whose services sweep.</param>
public sealed class MaintenanceFunctions(PdsApplication pds)
{
    /// <summary>Every 30 seconds: sequences outbox entries a failed request left behind (docs/architecture.md, "The commit path" step 6).</summary>
    /// <param name="timer">The tick.</param>
    /// <param name="cancellationToken">Stops the sweep when the worker shuts down.</param>
    /// <returns>A task that completes when the sweep is done.</returns>
    [Function("outbox-sweep")]
    public async Task SweepOutboxAsync([TimerTrigger("*/30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await pds.StartAsync(cancellationToken).ConfigureAwait(false);
        await SequencerSweeperService.SweepOnceAsync(
            Service<SequencerSweeper>(), Logger<SequencerSweeperService>(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every 10 minutes: deletes blobs unreferenced past the grace period (docs/architecture.md, "Blobs").</summary>
    /// <param name="timer">The tick.</param>
    /// <param name="cancellationToken">Stops the sweep when the worker shuts down.</param>
    /// <returns>A task that completes when the sweep is done.</returns>
    [Function("blob-gc")]
    public async Task CollectBlobsAsync([TimerTrigger("0 */10 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await pds.StartAsync(cancellationToken).ConfigureAwait(false);
        await BlobGarbageCollectorService.SweepOnceAsync(
            Service<BlobGarbageCollector>(), Logger<BlobGarbageCollectorService>(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every 5 minutes: deletes firehose events older than the retention window (docs/architecture.md, "The firehose").</summary>
    /// <param name="timer">The tick.</param>
    /// <param name="cancellationToken">Stops the sweep when the worker shuts down.</param>
    /// <returns>A task that completes when the sweep is done.</returns>
    [Function("event-retention")]
    public async Task TrimEventsAsync([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await pds.StartAsync(cancellationToken).ConfigureAwait(false);
        await EventRetentionService.SweepOnceAsync(
            Service<EventRetention>(), Logger<EventRetentionService>(), cancellationToken).ConfigureAwait(false);
    }

    private T Service<T>()
        where T : notnull => pds.Services.GetRequiredService<T>();

    private ILogger<T> Logger<T>() => pds.Services.GetRequiredService<ILogger<T>>();
}
