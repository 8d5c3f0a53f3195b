namespace ServerlessPds.Pds.Blobs;

/// <summary>Settings of the <see cref="BlobGarbageCollector"/>.</summary>
public sealed record BlobGarbageCollectorOptions
{
    /// <summary>The default <see cref="GracePeriod"/>: one hour.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets how long a blob stays after its upload or last claim before it may be collected when no record references
    /// it. The uploadBlob lexicon promises clients a window of "minutes" to reference a new blob; an hour leaves room
    /// for slow clients and for a commit in flight after its claim.
    /// </summary>
    public TimeSpan GracePeriod { get; init; } = DefaultGracePeriod;
}
