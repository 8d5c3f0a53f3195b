using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.RateLimits;

/// <summary>
/// Repo write limits per account, as the reference PDS: each create costs <see cref="CreatePoints"/>, update
/// <see cref="UpdatePoints"/>, delete <see cref="DeletePoints"/>; at most 5,000 points per hour and 35,000 per day.
/// A commit's writes are counted together, all or nothing.
/// </summary>
/// <remarks>Spec: atproto.com/specs/xrpc ("Rate Limits"); reference PDS <c>repo-write-hour</c> / <c>repo-write-day</c>.</remarks>
public sealed class WriteRateLimiter
{
    /// <summary>The points of one record creation.</summary>
    public const int CreatePoints = 3;

    /// <summary>The points of one record update.</summary>
    public const int UpdatePoints = 2;

    /// <summary>The points of one record deletion.</summary>
    public const int DeletePoints = 1;

    private readonly RateLimiter _limiter;

    /// <summary>Initializes the limiter.</summary>
    /// <param name="limiter">The counters to use.</param>
    /// <exception cref="ArgumentNullException"><paramref name="limiter"/> is <see langword="null"/>.</exception>
    public WriteRateLimiter(RateLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        _limiter = limiter;
    }

    /// <summary>Gets the hourly policy: 5,000 points per hour per account.</summary>
    public static RateLimitPolicy Hourly { get; } = new("repo-write-hour", 5_000, TimeSpan.FromHours(1));

    /// <summary>Gets the daily policy: 35,000 points per day per account.</summary>
    public static RateLimitPolicy Daily { get; } = new("repo-write-day", 35_000, TimeSpan.FromDays(1));

    /// <summary>Computes the points of a set of writes.</summary>
    /// <param name="creates">Record creations.</param>
    /// <param name="updates">Record updates.</param>
    /// <param name="deletes">Record deletions.</param>
    /// <returns>The points.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static int PointsFor(int creates, int updates, int deletes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(creates);
        ArgumentOutOfRangeException.ThrowIfNegative(updates);
        ArgumentOutOfRangeException.ThrowIfNegative(deletes);
        return checked((creates * CreatePoints) + (updates * UpdatePoints) + (deletes * DeletePoints));
    }

    /// <summary>Counts an account's writes against both policies.</summary>
    /// <param name="did">The writing account.</param>
    /// <param name="creates">Record creations.</param>
    /// <param name="updates">Record updates.</param>
    /// <param name="deletes">Record deletions.</param>
    /// <returns>The decision (refused writes are not counted).</returns>
    public RateLimitDecision Consume(Did did, int creates, int updates, int deletes)
    {
        ArgumentNullException.ThrowIfNull(did);
        return _limiter.Consume([Hourly, Daily], did.Value, PointsFor(creates, updates, deletes));
    }
}
