using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Firehose;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Runs the <see cref="EventRetention"/> sweep at start and then every <see cref="PdsFirehoseOptions.RetentionSweepInterval"/>,
/// deleting events older than <see cref="PdsFirehoseOptions.Retention"/>. Every instance runs it; sweeps are idempotent.
/// A failed sweep is logged and retried at the next tick.
/// </summary>
/// <remarks>Spec: atproto.com/specs/event-stream (backfill window). docs/architecture.md, "The firehose".</remarks>
/// <param name="retention">The sweeper.</param>
/// <param name="options">The PDS settings.</param>
/// <param name="logger">The logger.</param>
public sealed partial class EventRetentionService(EventRetention retention, IOptions<PdsOptions> options, ILogger<EventRetentionService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Firehose.RetentionSweepInterval);
        do
        {
            await SweepOnceAsync(retention, logger, stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One sweep, as each tick runs it (and the function app's timer trigger): the outcome is logged, a failure too.</summary>
    /// <param name="retention">The sweeper.</param>
    /// <param name="logger">Where the outcome is logged.</param>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <returns>A task that completes when the sweep is done.</returns>
    public static async Task SweepOnceAsync(EventRetention retention, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retention);
        try
        {
            var deleted = await retention.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            if (deleted > 0)
            {
                LogDeleted(logger, deleted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailure(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event retention deleted {Count} events")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event retention sweep failed")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
