using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Pds.Tests.TestSupport;

namespace ServerlessPds.Pds.Tests.RateLimits;

public class RequestRateLimiterTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly RequestRateLimiter _requests;

    public RequestRateLimiterTests()
    {
        _requests = new RequestRateLimiter(new RateLimiter(_clock));
    }

    [Fact]
    public void ConsumeCreateSession_30Per5MinutesPerIdentifierAndIp()
    {
        for (var i = 0; i < 30; i++)
        {
            Assert.True(_requests.ConsumeCreateSession(i % 2 == 0 ? "alice.test" : "ALICE.test", "10.0.0.1").Allowed);
        }

        var refused = _requests.ConsumeCreateSession("alice.test", "10.0.0.1");

        Assert.Equal((false, 30, "30;w=300"), (refused.Allowed, refused.Limit, refused.Headers[3].Value));
        Assert.True(_requests.ConsumeCreateSession("alice.test", "10.0.0.2").Allowed);
        Assert.True(_requests.ConsumeCreateSession("bob.test", "10.0.0.1").Allowed);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(_requests.ConsumeCreateSession("alice.test", "10.0.0.1").Allowed);
    }

    [Fact]
    public void ConsumeCreateSession_300PerDay()
    {
        for (var window = 0; window < 10; window++)
        {
            for (var i = 0; i < 30; i++)
            {
                Assert.True(_requests.ConsumeCreateSession("alice.test", "ip").Allowed);
            }
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        var refused = _requests.ConsumeCreateSession("alice.test", "ip");

        Assert.Equal((false, "create-session-day"), (refused.Allowed, refused.Policy.Name));
    }

    [Theory]
    [InlineData("global", 3000, 300)]
    [InlineData("createAccount", 100, 300)]
    public void Consume_PerIpPolicies_MatchTheReference(string which, int limit, int windowSeconds)
    {
        Func<string, RateLimitDecision> consume = which == "global" ? _requests.ConsumeGlobal : _requests.ConsumeCreateAccount;

        for (var i = 0; i < limit; i++)
        {
            Assert.True(consume("203.0.113.9").Allowed);
        }
        var refused = consume("203.0.113.9");

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(windowSeconds), refused.Policy.Window);
        Assert.True(consume("203.0.113.10").Allowed);
    }
}
