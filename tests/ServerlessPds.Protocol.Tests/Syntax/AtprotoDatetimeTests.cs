using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class AtprotoDatetimeTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("datetime_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("datetime_syntax_invalid.txt");

    public static TheoryData<SyntaxVector> ParseInvalidVectors() => SyntaxVectors.Cases("datetime_parse_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_RoundTripsAndConverts(SyntaxVector vector)
    {
        var s = vector.Value;
        var datetime = AtprotoDatetime.Parse(s);

        Assert.Equal(s, datetime.Value);
        Assert.Equal(s, datetime.ToString());
        if (s.StartsWith("0000-", StringComparison.Ordinal))
        {
            Assert.Throws<OverflowException>(() => datetime.ToDateTimeOffset());
        }
        else
        {
            var expected = DateTimeOffset.Parse(TruncateFraction(s), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, datetime.ToDateTimeOffset());
        }
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropSyntaxInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.NotNull(AtprotoDatetime.ValidateSyntax(s, out _));
        Assert.False(AtprotoDatetime.TryParse(s, out var result));
        Assert.Null(result);
        Assert.Throws<FormatException>(() => AtprotoDatetime.Parse(s));
    }

    [Theory]
    [MemberData(nameof(ParseInvalidVectors))]
    public void Parse_InteropParseInvalid_PassesSyntaxButRejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.Null(AtprotoDatetime.ValidateSyntax(s, out _));
        Assert.False(AtprotoDatetime.TryParse(s, out _));
        Assert.Throws<FormatException>(() => AtprotoDatetime.Parse(s));
    }

    [Theory]
    [InlineData("1985-04-12T23:20:50.123Z", "1985-04-12T23:20:50.1230000+00:00")]
    [InlineData("1985-04-12T23:20:50.123-07:00", "1985-04-12T23:20:50.1230000-07:00")]
    [InlineData("1985-04-12T23:20:50.123456789Z", "1985-04-12T23:20:50.1234567+00:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("2000-01-01T00:00:00+23:00", "1999-12-31T01:00:00.0000000+00:00")]
    [InlineData("2024-02-29T12:00:00+01:45", "2024-02-29T12:00:00.0000000+01:45")]
    public void ToDateTimeOffset_Valid_GivesInstant(string s, string expectedRoundTrip)
    {
        Assert.Equal(expectedRoundTrip, AtprotoDatetime.Parse(s).ToDateTimeOffset().ToString("o"));
    }

    [Theory]
    [InlineData("0000-06-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+00:01")]
    [InlineData("9999-12-31T23:59:59-00:01")]
    public void ToDateTimeOffset_OutsideDotNetRange_ThrowsOverflow(string s)
    {
        var datetime = AtprotoDatetime.Parse(s);

        Assert.False(datetime.TryToDateTimeOffset(out _));
        Assert.Throws<OverflowException>(() => datetime.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("1900-02-29T00:00:00Z")]
    [InlineData("2024-04-31T00:00:00Z")]
    [InlineData("2024-01-01T23:59:60Z")]
    [InlineData("2024-01-01T00:00:00+01:60")]
    [InlineData("2024-01-01T00:00:00+24:00")]
    public void Parse_ImpossibleDates_Rejected(string s)
    {
        Assert.False(AtprotoDatetime.IsValid(s));
    }

    [Theory]
    [InlineData("2000-02-29T00:00:00Z")]
    [InlineData("0000-02-29T00:00:00Z")]
    [InlineData("0000-01-01T01:00:00+01:00")]
    public void Parse_LeapDaysAndYearZeroBoundary_Accepted(string s)
    {
        Assert.True(AtprotoDatetime.IsValid(s));
    }

    [Fact]
    public void FromDateTimeOffset_FormatsUtcMilliseconds()
    {
        var time = new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)).AddTicks(6_789_999);

        var datetime = AtprotoDatetime.FromDateTimeOffset(time);

        Assert.Equal("2024-01-02T03:04:05.678Z", datetime.Value);
        Assert.True(AtprotoDatetime.IsValid(datetime.Value));
    }

    [Theory]
    [InlineData("1985-04-12T23:20:50.123z", "must end with 'Z'")]
    [InlineData("1985-04-12T23:20:50.123-00:00", "-00:00")]
    [InlineData("1985-04-12", "20 to 64 characters")]
    [InlineData("1985-13-12T23:20:50.123Z", "month must be 01 to 12")]
    [InlineData("0000-01-01T00:00:00+01:00", "before year 0000")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => AtprotoDatetime.Parse(s));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    private static string TruncateFraction(string s)
    {
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return s;
        }

        var end = dot + 1;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        return s[..Math.Min(end, dot + 8)] + s[end..];
    }
}
