using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Blobs;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Runs the <see cref="BlobGarbageCollector"/> every <see cref="PdsBlobOptions.GcInterval"/>. Every instance sweeps;
/// the collector's conditional deletes make concurrent sweeps safe. A failed sweep is logged and retried at the next tick.
/// </summary>
/// <remarks>docs/architecture.md, "Blobs".</remarks>
/// <param name="collector">The collector.</param>
/// <param name="options">The PDS options (the sweep interval).</param>
/// <param name="logger">The logger.</param>
public sealed partial class BlobGarbageCollectorService(
    BlobGarbageCollector collector, IOptions<PdsOptions> options, ILogger<BlobGarbageCollectorService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Blobs.GcInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await SweepOnceAsync(collector, logger, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One sweep, as each tick runs it (and the function app's timer trigger): the outcome is logged, a failure too.</summary>
    /// <param name="collector">The collector.</param>
    /// <param name="logger">Where the outcome is logged.</param>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <returns>A task that completes when the sweep is done.</returns>
    public static async Task SweepOnceAsync(BlobGarbageCollector collector, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collector);
        try
        {
            var result = await collector.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            if (result.Deleted > 0)
            {
                LogSwept(logger, result.Deleted, result.Examined, result.Referenced, result.Changed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailure(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob sweep deleted {Deleted} of {Examined} candidates ({Referenced} referenced, {Changed} changed meanwhile)")]
    private static partial void LogSwept(ILogger logger, int deleted, int examined, int referenced, int changed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob sweep failed")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
