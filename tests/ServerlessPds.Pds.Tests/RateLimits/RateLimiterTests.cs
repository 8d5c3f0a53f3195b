using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Tests.RateLimits;

public class RateLimiterTests
{
    private static readonly RateLimitPolicy FivePerMinute = new("five-per-minute", 5, TimeSpan.FromMinutes(1));
    private readonly ManualTimeProvider _clock = new();
    private readonly RateLimiter _limiter;

    public RateLimiterTests()
    {
        _limiter = new RateLimiter(_clock);
    }

    [Fact]
    public void Consume_WithinWindow_AllowsLimitThenRefusesUntilReset()
    {
        var start = _clock.GetUtcNow();
        var decisions = Enumerable.Range(0, 5).Select(_ => _limiter.Consume(FivePerMinute, "ip")).ToList();
        _clock.Advance(TimeSpan.FromSeconds(59));
        var refused = _limiter.Consume(FivePerMinute, "ip");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var reset = _limiter.Consume(FivePerMinute, "ip");

        Assert.Equal([4, 3, 2, 1, 0], decisions.Select(d => d.Remaining));
        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.All(decisions, d => Assert.Equal(start.AddMinutes(1), d.Reset));
        Assert.Equal((false, 0, start.AddMinutes(1)), (refused.Allowed, refused.Remaining, refused.Reset));
        Assert.Equal((true, 4, _clock.GetUtcNow().AddMinutes(1)), (reset.Allowed, reset.Remaining, reset.Reset));
    }

    [Fact]
    public void Consume_KeysAreIndependent()
    {
        for (var i = 0; i < 5; i++)
        {
            _limiter.Consume(FivePerMinute, "a");
        }

        Assert.False(_limiter.Consume(FivePerMinute, "a").Allowed);
        Assert.True(_limiter.Consume(FivePerMinute, "b").Allowed);
    }

    [Fact]
    public void Consume_Points_RefusedRequestsCountNothing()
    {
        Assert.True(_limiter.Consume(FivePerMinute, "k", 3).Allowed);
        Assert.False(_limiter.Consume(FivePerMinute, "k", 3).Allowed);
        Assert.Equal(2, _limiter.Peek(FivePerMinute, "k").Remaining);
        Assert.True(_limiter.Consume(FivePerMinute, "k", 2).Allowed);
        Assert.False(_limiter.Peek(FivePerMinute, "k").Allowed);
    }

    [Fact]
    public void Consume_SeveralPolicies_AllOrNothingAndReportsTightest()
    {
        var perHour = new RateLimitPolicy("ten-per-hour", 10, TimeSpan.FromHours(1));
        RateLimitPolicy[] both = [FivePerMinute, perHour];

        var first = _limiter.Consume(both, "k", 4);
        var refusedByMinute = _limiter.Consume(both, "k", 2);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = _limiter.Consume(both, "k", 5);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var refusedByHour = _limiter.Consume(both, "k", 2);

        Assert.Equal((true, "five-per-minute", 1), (first.Allowed, first.Policy.Name, first.Remaining));
        Assert.Equal((false, "five-per-minute"), (refusedByMinute.Allowed, refusedByMinute.Policy.Name));
        Assert.Equal((true, "five-per-minute", 0), (second.Allowed, second.Policy.Name, second.Remaining));
        Assert.Equal((false, "ten-per-hour", 1), (refusedByHour.Allowed, refusedByHour.Policy.Name, refusedByHour.Remaining));
        Assert.Equal(5, _limiter.Peek(FivePerMinute, "k").Remaining);
    }

    [Fact]
    public void Decision_HeadersAndException_CarryTheFigures()
    {
        for (var i = 0; i < 5; i++)
        {
            _limiter.Consume(FivePerMinute, "ip");
        }
        var refused = _limiter.Consume(FivePerMinute, "ip");

        var e = Assert.Throws<XrpcException>(refused.ThrowIfExceeded);

        Assert.Equal(
            [
                new("RateLimit-Limit", "5"),
                new("RateLimit-Remaining", "0"),
                new("RateLimit-Reset", _clock.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("RateLimit-Policy", "5;w=60"),
            ],
            refused.Headers);
        Assert.Equal((429, XrpcErrorName.RateLimitExceeded), (e.Status, e.Error));
        Assert.Same(refused, e.Data[RateLimitDecision.ExceptionDataKey]);
        _limiter.Consume(FivePerMinute, "other").ThrowIfExceeded();
    }

    [Fact]
    public void Consume_MoreKeysThanCapacity_StaysBoundedAndDropsExpiredFirst()
    {
        var limiter = new RateLimiter(_clock, maxKeys: 3);
        limiter.Consume(FivePerMinute, "old", 5);
        _clock.Advance(TimeSpan.FromMinutes(2));
        limiter.Consume(FivePerMinute, "a", 5);
        limiter.Consume(FivePerMinute, "b", 5);

        limiter.Consume(FivePerMinute, "c", 5);

        Assert.False(limiter.Peek(FivePerMinute, "a").Allowed);
        Assert.False(limiter.Peek(FivePerMinute, "b").Allowed);
        Assert.False(limiter.Peek(FivePerMinute, "c").Allowed);
    }

    [Fact]
    public void Policy_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitPolicy("x", 0, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RateLimitPolicy("x", 1, TimeSpan.Zero));
        Assert.ThrowsAny<ArgumentException>(() => new RateLimitPolicy("", 1, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentException>(() => _limiter.Consume([], "k"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _limiter.Consume(FivePerMinute, "k", -1));
    }

    [Fact]
    public void Consume_Disabled_AllowsEverythingWithoutHeadersOrCounting()
    {
        var disabled = new RateLimiter(_clock, enabled: false);

        var decisions = Enumerable.Range(0, 10).Select(_ => disabled.Consume(FivePerMinute, "ip", 3)).ToList();

        Assert.All(decisions, d => Assert.Same(RateLimitDecision.NotLimited, d));
        Assert.Empty(RateLimitDecision.NotLimited.Headers);
        Assert.True(disabled.Peek(FivePerMinute, "ip").Allowed);
        Assert.True(_limiter.Consume(FivePerMinute, "ip", 5).Allowed);
        Assert.NotEmpty(_limiter.Peek(FivePerMinute, "ip").Headers);
    }
}
