namespace ServerlessPds.Pds.Sequencing;

/// <summary>Settings of <see cref="SequencerSweeper"/>.</summary>
public sealed class SequencerSweeperOptions
{
    /// <summary>Gets the most pending markers one <see cref="SequencerSweeper.RunOnceAsync"/> handles. Default 1000.</summary>
    public int MaxMarkersPerRun { get; init; } = 1000;

    /// <summary>
    /// Gets how old a marker must be before an empty outbox lets the sweeper clear it. It must exceed the repo
    /// engine's <c>PendingMarkerFreshness</c> plus the longest a commit attempt can take plus clock skew, because a
    /// writer that trusts a recent mark does not re-mark before committing. Default 30 minutes.
    /// </summary>
    public TimeSpan IdleMarkerAge { get; init; } = TimeSpan.FromMinutes(30);
}
