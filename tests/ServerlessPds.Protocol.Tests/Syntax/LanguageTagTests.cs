using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class LanguageTagTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("language_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("language_syntax_invalid.txt");

    public static TheoryData<SyntaxVector> ParseInvalidVectors() => SyntaxVectors.Cases("language_parse_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_RoundTrips(SyntaxVector vector)
    {
        var s = vector.Value;
        var tag = LanguageTag.Parse(s);

        Assert.Equal(s, tag.Value);
        Assert.Equal(s, tag.ToString());
        Assert.True(LanguageTag.IsValid(s));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropSyntaxInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.NotNull(LanguageTag.Validate(s, checkDuplicates: false));
        Assert.False(LanguageTag.TryParse(s, out var result));
        Assert.Null(result);
        Assert.Throws<FormatException>(() => LanguageTag.Parse(s));
    }

    [Theory]
    [MemberData(nameof(ParseInvalidVectors))]
    public void Parse_InteropParseInvalid_WellFormedButRejected(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.Null(LanguageTag.Validate(s, checkDuplicates: false));
        Assert.False(LanguageTag.TryParse(s, out _));
        Assert.Throws<FormatException>(() => LanguageTag.Parse(s));
    }

    [Theory]
    [InlineData("zh-yue-HK")]
    [InlineData("en-US-u-ca-gregory")]
    [InlineData("x-whatever")]
    [InlineData("de-Latf-DE-1901-u-co-phonebk-x-a-b")]
    [InlineData("en-GB-oed")]
    [InlineData("tlh")]
    public void Parse_OtherWellFormedTags_Accepted(string s)
    {
        Assert.True(LanguageTag.IsValid(s));
    }

    [Theory]
    [InlineData("en-GB-oe")]
    [InlineData("en-x")]
    [InlineData("en-u")]
    [InlineData("en-US-GB")]
    [InlineData("en--US")]
    [InlineData("abcdefghi")]
    [InlineData("")]
    public void Parse_OtherMalformedTags_Rejected(string s)
    {
        Assert.False(LanguageTag.IsValid(s));
    }

    [Theory]
    [InlineData("JA", "must be lowercase")]
    [InlineData("jaja", "2-3 or 5-8 letters")]
    [InlineData("de-DE-1901-1901", "variant subtag '1901' appears twice")]
    [InlineData("en-a-foo-a-bar", "extension singleton 'a' appears twice")]
    [InlineData("ja-", "1 to 8 characters")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => LanguageTag.Parse(s));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverMaxLength_Rejected()
    {
        var atMax = "en-x" + string.Concat(Enumerable.Repeat("-aaaaaaaa", 13)) + "-abcdef";

        Assert.Equal(LanguageTag.MaxLength, atMax.Length);
        Assert.True(LanguageTag.IsValid(atMax));
        var ex = Assert.Throws<FormatException>(() => LanguageTag.Parse(atMax + "g"));
        Assert.Contains($"longer than {LanguageTag.MaxLength}", ex.Message, StringComparison.Ordinal);
    }
}
