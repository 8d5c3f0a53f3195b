namespace ServerlessPds.Pds.Firehose;

/// <summary>Settings of <see cref="EventRetention"/>.</summary>
public sealed class EventRetentionOptions
{
    /// <summary>Gets how long events stay in the log (the firehose backfill window). Default 72 hours.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Gets the most events one log read of the sweep returns. Default 200.</summary>
    public int PageSize { get; init; } = 200;

    /// <summary>Gets the most pages one <see cref="EventRetention.RunOnceAsync"/> examines. Default 50.</summary>
    public int MaxPagesPerRun { get; init; } = 50;
}
