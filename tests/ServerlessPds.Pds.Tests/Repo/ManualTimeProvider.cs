namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>A clock that moves only when told; timers stay real.</summary>
/// <param name="start">The first time; 2025-01-02T03:04:05Z when <see langword="null"/>.</param>
internal sealed class ManualTimeProvider(DateTimeOffset? start = null) : TimeProvider
{
    private DateTimeOffset _now = start ?? new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (this)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (this)
        {
            _now += by;
        }
    }
}
