using System.Collections.Concurrent;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class TidGeneratorTests
{
    [Fact]
    public void Next_FourThreads100000Calls_MonotonicPerThreadAndNoDuplicates()
    {
        const int threads = 4;
        const int perThread = 25_000;
        var generator = new TidGenerator();
        var all = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            Tid? previous = null;
            for (var i = 0; i < perThread; i++)
            {
                var tid = generator.Next();
                if (previous is not null && !(tid > previous))
                {
                    failures.Add($"{tid} after {previous}");
                }

                previous = tid;
                all.Add(tid.Value);
            }
        });

        Assert.Empty(failures);
        Assert.Equal(threads * perThread, all.Count);
        Assert.Equal(threads * perThread, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, s => Assert.Equal(generator.ClockId, Tid.Parse(s).ClockId));
    }

    [Fact]
    public void Next_ClockStandsStill_StillIncreases()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var generator = new TidGenerator(clock, 42);

        var first = generator.Next();
        var second = generator.Next();
        var third = generator.Next();

        Assert.True(first < second && second < third);
        Assert.Equal(first.Timestamp + 1, second.Timestamp);
        Assert.Equal(42, third.ClockId);
    }

    [Fact]
    public void Next_ClockGoesBackwards_StillIncreases()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualTimeProvider(start);
        var generator = new TidGenerator(clock, 3);
        var previous = generator.Next();

        for (var i = 1; i <= 1_000; i++)
        {
            clock.Now = start.AddSeconds(-i);
            var tid = generator.Next();
            Assert.True(tid > previous, $"{tid} is not after {previous}");
            previous = tid;
        }
    }

    [Fact]
    public void Next_ClockMovesOn_UsesClockTime()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var generator = new TidGenerator(clock, 0);
        generator.Next();
        clock.Now = clock.Now.AddMinutes(1);

        var tid = generator.Next();

        Assert.Equal(Tid.FromTime(clock.Now, 0), tid);
    }

    [Fact]
    public void NextAfter_FarFutureRev_ReturnsGreaterAndLaterCallsStayGreater()
    {
        var generator = new TidGenerator();
        var farFuture = Tid.FromTime(DateTimeOffset.UtcNow.AddYears(50), 1023);

        var rev = generator.Next(farFuture);
        var next = generator.Next();

        Assert.True(rev > farFuture);
        Assert.True(next > rev);
        Assert.Equal(generator.ClockId, rev.ClockId);
    }

    [Fact]
    public void NextAfter_PastRev_ReturnsCurrentTime()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var generator = new TidGenerator(clock, 9);
        var old = Tid.FromTime(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), 1023);

        Assert.Equal(Tid.FromTime(clock.Now, 9), generator.Next(old));
    }

    [Fact]
    public void NextAfter_SameMicrosecondHigherClockId_ReturnsGreater()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var generator = new TidGenerator(clock, 0);
        var sameInstant = Tid.FromTime(clock.Now, 1023);

        Assert.True(generator.Next(sameInstant) > sameInstant);
    }

    [Fact]
    public void NextAfter_MaxTimestamp_Throws()
    {
        var generator = new TidGenerator();

        Assert.Throws<InvalidOperationException>(() => generator.Next(Tid.FromTime(Tid.MaxTimestamp, 0)));
        Assert.Throws<InvalidOperationException>(() => generator.Next(Tid.Parse("jzzzzzzzzzzzz")));
    }

    [Fact]
    public void Constructor_ClockIdOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TidGenerator(TimeProvider.System, 1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TidGenerator(TimeProvider.System, -1));
    }

    [Fact]
    public void Shared_IssuesValidIncreasingTids()
    {
        var a = TidGenerator.Shared.Next();
        var b = TidGenerator.Shared.Next();

        Assert.True(b > a);
        Assert.InRange(TidGenerator.Shared.ClockId, 0, Tid.MaxClockId);
        Assert.True(Tid.IsValid(a.Value));
    }

    private sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
