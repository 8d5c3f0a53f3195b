namespace ServerlessPds.Pds.RateLimits;

/// <summary>A rate limit: at most <see cref="Points"/> points per <see cref="Window"/> for one key.</summary>
/// <remarks>Reported in the <c>RateLimit-Policy</c> header as <c>&lt;points&gt;;w=&lt;window seconds&gt;</c>.</remarks>
public sealed record RateLimitPolicy
{
    /// <summary>Initializes a policy.</summary>
    /// <param name="name">A short unique name, e.g. <c>repo-write-hour</c>; counters are kept per name and key.</param>
    /// <param name="points">The points allowed per window, at least 1.</param>
    /// <param name="window">The window length, at least one second.</param>
    /// <exception cref="ArgumentException">An argument is out of range or empty.</exception>
    public RateLimitPolicy(string name, int points, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromSeconds(1));
        Name = name;
        Points = points;
        Window = window;
    }

    /// <summary>Gets the policy's name.</summary>
    public string Name { get; }

    /// <summary>Gets the points allowed per window.</summary>
    public int Points { get; }

    /// <summary>Gets the window length.</summary>
    public TimeSpan Window { get; }
}
