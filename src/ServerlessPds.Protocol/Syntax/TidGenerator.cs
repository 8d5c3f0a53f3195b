using System.Security.Cryptography;

namespace ServerlessPds.Protocol.Syntax;

/// <summary>
/// Issues TIDs from the current time and a fixed random clock identifier. Thread-safe. Within one generator every TID
/// is strictly greater than the one before, even when the clock stands still or goes backwards: the timestamp is
/// bumped to one microsecond past the last one issued.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/tid ("TID Generation": microsecond timestamps, a random clock identifier chosen once, and
/// monotonic output) and atproto.com/specs/sync (a commit's <c>rev</c> must be greater than the previous one; see
/// <see cref="Next(Tid?)"/>). Use <see cref="Shared"/> so that the whole process shares one clock identifier and one
/// monotonic sequence.
/// </remarks>
public sealed class TidGenerator
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private long _lastTimestamp = -1;

    /// <summary>Initializes a generator on the system clock with a fresh random clock identifier.</summary>
    public TidGenerator()
        : this(TimeProvider.System, RandomNumberGenerator.GetInt32(Tid.MaxClockId + 1))
    {
    }

    /// <summary>Initializes a generator on the given clock and clock identifier (for tests and replay).</summary>
    /// <param name="timeProvider">The clock read for each TID.</param>
    /// <param name="clockId">The clock identifier put in every TID, 0 to <see cref="Tid.MaxClockId"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clockId"/> is outside 0 to <see cref="Tid.MaxClockId"/>.</exception>
    public TidGenerator(TimeProvider timeProvider, int clockId)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(clockId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clockId, Tid.MaxClockId);
        _timeProvider = timeProvider;
        ClockId = clockId;
    }

    /// <summary>Gets the process-wide generator: system clock, one random clock identifier per process.</summary>
    public static TidGenerator Shared { get; } = new();

    /// <summary>Gets the clock identifier this generator puts in every TID.</summary>
    public int ClockId { get; }

    /// <summary>Issues a TID greater than every TID this generator issued before.</summary>
    /// <returns>The new TID.</returns>
    /// <exception cref="InvalidOperationException">The timestamp would exceed <see cref="Tid.MaxTimestamp"/>.</exception>
    public Tid Next() => Next(null);

    /// <summary>
    /// Issues a TID greater than <paramref name="after"/> and than every TID this generator issued before; for commit
    /// revs, pass the repository's previous rev so the new rev sorts after it even if that rev came from a clock ahead
    /// of this one. Later calls continue from the returned TID.
    /// </summary>
    /// <param name="after">The TID the result must exceed, or <see langword="null"/> for no such bound.</param>
    /// <returns>The new TID.</returns>
    /// <exception cref="InvalidOperationException">
    /// No TID with a timestamp within <see cref="Tid.MaxTimestamp"/> exceeds <paramref name="after"/> (or the last TID issued).
    /// </exception>
    public Tid Next(Tid? after)
    {
        var now = (_timeProvider.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        lock (_lock)
        {
            var timestamp = Math.Max(now, _lastTimestamp + 1);
            if (after is not null && timestamp <= after.Timestamp)
            {
                if (after.Timestamp >= Tid.MaxTimestamp)
                {
                    throw new InvalidOperationException($"No TID can follow {after}: its timestamp is at or past the largest allowed ({Tid.MaxTimestamp}).");
                }

                timestamp = after.Timestamp + 1;
            }

            if (timestamp > Tid.MaxTimestamp)
            {
                throw new InvalidOperationException($"TID timestamp would exceed the largest allowed ({Tid.MaxTimestamp}).");
            }

            _lastTimestamp = timestamp;
            return Tid.FromTime(timestamp, ClockId);
        }
    }
}
