using ServerlessPds.Pds.RateLimits;
using ServerlessPds.Pds.Tests.TestSupport;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.RateLimits;

public class WriteRateLimiterTests
{
    private static readonly Did Alice = Did.Parse("did:plc:alice234567abcdefghijklm");
    private static readonly Did Bob = Did.Parse("did:plc:bob234567abcdefghijklmno");
    private readonly ManualTimeProvider _clock = new();
    private readonly WriteRateLimiter _writes;

    public WriteRateLimiterTests()
    {
        _writes = new WriteRateLimiter(new RateLimiter(_clock));
    }

    [Theory]
    [InlineData(1, 0, 0, 3)]
    [InlineData(0, 1, 0, 2)]
    [InlineData(0, 0, 1, 1)]
    [InlineData(10, 5, 7, 47)]
    [InlineData(0, 0, 0, 0)]
    public void PointsFor_Writes_CostCreate3Update2Delete1(int creates, int updates, int deletes, int points)
    {
        Assert.Equal(points, WriteRateLimiter.PointsFor(creates, updates, deletes));
    }

    [Fact]
    public void Consume_HourlyBudget_Is5000Points()
    {
        var commit = _writes.Consume(Alice, creates: 1666, updates: 0, deletes: 0);
        var create = _writes.Consume(Alice, 1, 0, 0);
        var update = _writes.Consume(Alice, 0, 1, 0);
        var delete = _writes.Consume(Alice, 0, 0, 1);

        Assert.Equal((true, 2, "repo-write-hour"), (commit.Allowed, commit.Remaining, commit.Policy.Name));
        Assert.False(create.Allowed);
        Assert.Equal((true, 0), (update.Allowed, update.Remaining));
        Assert.False(delete.Allowed);
        Assert.True(_writes.Consume(Bob, 1, 0, 0).Allowed);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.True(_writes.Consume(Alice, 1, 0, 0).Allowed);
    }

    [Fact]
    public void Consume_DailyBudget_Is35000PointsAcrossHours()
    {
        for (var hour = 0; hour < 7; hour++)
        {
            Assert.True(_writes.Consume(Alice, 0, 2_500, 0).Allowed, $"hour {hour}");
            _clock.Advance(TimeSpan.FromHours(1));
        }

        var refused = _writes.Consume(Alice, 0, 0, 1);
        _clock.Advance(TimeSpan.FromHours(17));
        var nextDay = _writes.Consume(Alice, 0, 0, 1);

        Assert.Equal((false, "repo-write-day", 0), (refused.Allowed, refused.Policy.Name, refused.Remaining));
        Assert.True(nextDay.Allowed);
    }
}
