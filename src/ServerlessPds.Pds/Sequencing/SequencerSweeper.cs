using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sequencing;

/// <summary>
/// Finishes what crashes left: for every DID in the <see cref="IPendingDirectory"/>, sequences and deletes its
/// outbox entries, and clears its marker once the outbox is empty and the marker has been idle long enough.
/// </summary>
/// <remarks>
/// docs/architecture.md, "The commit path" step 6 ("Anything a crash leaves in the outbox is finished by the next
/// writer or a sweeper"). Safe to run on many instances at once: sequencing is exactly-once per (DID, rev) and a clear
/// is conditional on the marker version read, so a DID re-marked meanwhile keeps its marker.
/// </remarks>
/// <param name="pending">The pending directory.</param>
/// <param name="repos">The repo store holding the outboxes.</param>
/// <param name="sequencer">The sequencer.</param>
/// <param name="options">Settings; defaults when <see langword="null"/>.</param>
/// <param name="timeProvider">The clock marker ages are measured by; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
public sealed class SequencerSweeper(
    IPendingDirectory pending,
    IRepoStore repos,
    Sequencer sequencer,
    SequencerSweeperOptions? options = null,
    TimeProvider? timeProvider = null)
{
    private readonly SequencerSweeperOptions _options = options ?? new SequencerSweeperOptions();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Sweeps once over up to <see cref="SequencerSweeperOptions.MaxMarkersPerRun"/> markers.</summary>
    /// <param name="cancellationToken">A token that cancels the sweep between repos.</param>
    /// <returns>What was done; a repo whose sweep throws is reported in <see cref="SweepResult.Failures"/> and skipped.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<SweepResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var markers = await pending.ListAsync(_options.MaxMarkersPerRun, cancellationToken).ConfigureAwait(false);
        int drained = 0, cleared = 0;
        var failures = new List<KeyValuePair<Did, Exception>>();
        foreach (var marker in markers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var count = await sequencer.DrainAsync(marker.Did, cancellationToken).ConfigureAwait(false);
                drained += count;
                if (_time.GetUtcNow() - marker.MarkedAt >= _options.IdleMarkerAge
                    && (count == 0 || (await repos.ListOutboxAsync(marker.Did, cancellationToken).ConfigureAwait(false)).Count == 0)
                    && await pending.ClearAsync(marker, cancellationToken).ConfigureAwait(false))
                {
                    cleared++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(KeyValuePair.Create(marker.Did, e));
            }
        }

        return new SweepResult(markers.Count, drained, cleared, failures);
    }
}
