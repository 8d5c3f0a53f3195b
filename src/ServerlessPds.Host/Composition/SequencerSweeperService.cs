using ServerlessPds.Pds.Sequencing;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Runs the <see cref="SequencerSweeper"/> in the background every <see cref="Interval"/>, so outbox entries a failed
/// request left behind reach the event log. A failed sweep is logged and retried at the next tick.
/// </summary>
/// <remarks>docs/architecture.md, "The commit path" step 6.</remarks>
/// <param name="sweeper">The sweeper.</param>
/// <param name="logger">The logger.</param>
public sealed partial class SequencerSweeperService(SequencerSweeper sweeper, ILogger<SequencerSweeperService> logger) : BackgroundService
{
    /// <summary>The time between sweeps.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await SweepOnceAsync(sweeper, logger, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One sweep, as each tick runs it (and the function app's timer trigger): failures are logged, not thrown.</summary>
    /// <param name="sweeper">The sweeper.</param>
    /// <param name="logger">Where failures are logged, per DID.</param>
    /// <param name="cancellationToken">Stops the sweep.</param>
    /// <returns>A task that completes when the sweep is done.</returns>
    public static async Task SweepOnceAsync(SequencerSweeper sweeper, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sweeper);
        try
        {
            var result = await sweeper.RunOnceAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (did, error) in result.Failures)
            {
                LogFailure(logger, error, did.Value);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailure(logger, e, "*");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sequencer sweep failed for {Did}")]
    private static partial void LogFailure(ILogger logger, Exception exception, string did);
}
