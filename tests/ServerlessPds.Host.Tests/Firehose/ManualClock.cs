namespace ServerlessPds.Host.Tests.Firehose;

/// <summary>A clock that moves only when told to (timers still run on real time).</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
