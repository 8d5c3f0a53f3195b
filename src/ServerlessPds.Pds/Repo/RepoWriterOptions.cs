namespace ServerlessPds.Pds.Repo;

/// <summary>Settings of <see cref="RepoWriter"/>.</summary>
public sealed class RepoWriterOptions
{
    /// <summary>Gets how many times a commit is built and tried when other writers keep winning. Default 8.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>
    /// Gets the median first retry delay; later ones grow exponentially, with jitter (Polly's retry strategy,
    /// <c>DelayBackoffType.Exponential</c> with <c>UseJitter</c>). Default 10 ms.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Gets the longest retry delay. Default 500 ms.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets how long a pending marker this writer wrote is trusted before it writes it again ahead of a commit.
    /// Must be well below the sweeper's <c>IdleMarkerAge</c>. Default 5 minutes.
    /// </summary>
    public TimeSpan PendingMarkerFreshness { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the most blocks a commit writes in its atomic batch; more go first through <c>PutBlocksAsync</c>. Default 80.</summary>
    public int MaxInlineBlocks { get; init; } = 80;

    /// <summary>Gets the most block bytes a commit writes in its atomic batch; more go first through <c>PutBlocksAsync</c>. Default 2 MiB.</summary>
    public int MaxInlineBlockBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Gets the byte budget of the in-memory cache of immutable blocks shared by all repos. Default 64 MiB.</summary>
    public long BlockCacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Gets the most repo heads kept in memory. Default 10,000.</summary>
    public int MaxCachedRepos { get; init; } = 10_000;

    /// <summary>Gets how many blob claims of one commit run at once (<see cref="Ports.IBlobCatalog.ClaimAsync"/>). Default 8.</summary>
    public int MaxParallelBlobClaims { get; init; } = 8;
}
