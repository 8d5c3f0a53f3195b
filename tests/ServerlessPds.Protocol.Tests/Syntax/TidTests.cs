using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class TidTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("tid_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("tid_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_RoundTripsThroughFields(SyntaxVector vector)
    {
        var s = vector.Value;
        var tid = Tid.Parse(s);

        Assert.Equal(s, tid.Value);
        Assert.Equal(s, tid.ToString());
        Assert.Equal(tid, Tid.FromTime(tid.Timestamp, tid.ClockId));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(Tid.TryParse(s, out var result));
        Assert.Null(result);
        Assert.Throws<FormatException>(() => Tid.Parse(s));
    }

    [Theory]
    [InlineData("2222222222222", 0L, 0)]
    [InlineData("2222222222223", 0L, 1)]
    [InlineData("22222222222zz", 0L, 1023)]
    [InlineData("2222222222322", 1L, 0)]
    [InlineData("bzzzzzzzzzzzz", Tid.MaxTimestamp, Tid.MaxClockId)]
    public void Parse_KnownValues_DecodeFields(string s, long timestamp, int clockId)
    {
        var tid = Tid.Parse(s);

        Assert.Equal(timestamp, tid.Timestamp);
        Assert.Equal(clockId, tid.ClockId);
        Assert.Equal(s, Tid.FromTime(timestamp, clockId).Value);
    }

    [Fact]
    public void FromTime_RandomFields_RoundTrip()
    {
        var random = new Random(20240601);
        for (var i = 0; i < 10_000; i++)
        {
            var timestamp = random.NextInt64(Tid.MaxTimestamp + 1);
            var clockId = random.Next(Tid.MaxClockId + 1);

            var tid = Tid.FromTime(timestamp, clockId);
            var parsed = Tid.Parse(tid.Value);

            Assert.Equal(Tid.Length, tid.Value.Length);
            Assert.Equal(timestamp, parsed.Timestamp);
            Assert.Equal(clockId, parsed.ClockId);
            Assert.Equal(tid, parsed);
        }
    }

    [Fact]
    public void FromTime_DateTimeOffset_UsesMicrosecondsSinceEpoch()
    {
        var time = new DateTimeOffset(2023, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(12_345_670);

        var tid = Tid.FromTime(time, 7);

        Assert.Equal(time.ToUnixTimeMilliseconds() * 1000 + 567, tid.Timestamp);
        Assert.Equal(7, tid.ClockId);
    }

    [Theory]
    [InlineData(-1L, 0)]
    [InlineData(Tid.MaxTimestamp + 1, 0)]
    [InlineData(0L, -1)]
    [InlineData(0L, Tid.MaxClockId + 1)]
    public void FromTime_OutOfRange_Throws(long timestamp, int clockId)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tid.FromTime(timestamp, clockId));
    }

    [Fact]
    public void CompareTo_RandomTids_StringOrderEqualsTimeOrder()
    {
        var random = new Random(7);
        var tids = Enumerable.Range(0, 2_000)
            .Select(_ => Tid.FromTime(random.NextInt64(Tid.MaxTimestamp + 1), random.Next(Tid.MaxClockId + 1)))
            .ToList();

        var byComparison = tids.Order().Select(t => t.Value).ToList();
        var byTime = tids.OrderBy(t => t.Timestamp).ThenBy(t => t.ClockId).Select(t => t.Value).ToList();
        var byString = tids.Select(t => t.Value).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(byTime, byComparison);
        Assert.Equal(byString, byComparison);
    }

    [Fact]
    public void Operators_RevOrder_FollowTime()
    {
        var earlier = Tid.FromTime(1_700_000_000_000_000, 1023);
        var later = Tid.FromTime(1_700_000_000_000_001, 0);
        var sameAsLater = Tid.Parse(later.Value);

        Assert.True(earlier < later);
        Assert.True(later > earlier);
        Assert.True(later >= sameAsLater);
        Assert.True(later <= sameAsLater);
        Assert.False(later > sameAsLater);
        Assert.True(earlier.CompareTo(later) < 0);
        Assert.Equal(0, later.CompareTo(sameAsLater));
        Assert.True(later.CompareTo(null) > 0);
    }

    [Theory]
    [InlineData("3jzfcijpj2z2", "exactly 13 characters, not 12")]
    [InlineData("3JZFCIJPJ2Z2A", "'J' is not in the base32-sortable alphabet")]
    [InlineData("3jzfcijpj2z21", "'1' is not in the base32-sortable alphabet")]
    [InlineData("kjzfcijpj2z2a", "high bit must be 0")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => Tid.Parse(s));

        Assert.Contains(s, ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
