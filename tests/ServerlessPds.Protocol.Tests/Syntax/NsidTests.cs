using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class NsidTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("nsid_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("nsid_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_RoundTrips(SyntaxVector vector)
    {
        var s = vector.Value;
        var nsid = Nsid.Parse(s);

        Assert.Equal(s, nsid.Value);
        Assert.Equal(s, nsid.ToString());
        Assert.EndsWith("." + nsid.Name, s, StringComparison.Ordinal);
        Assert.True(Nsid.IsValid(s));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(Nsid.TryParse(s, out var result));
        Assert.Null(result);
        Assert.Throws<FormatException>(() => Nsid.Parse(s));
    }

    [Theory]
    [InlineData("app.bsky.feed.post", "feed.bsky.app", "post")]
    [InlineData("com.example.fooBar", "example.com", "fooBar")]
    [InlineData("one.two.three.four-and.FiVe", "four-and.three.two.one", "FiVe")]
    public void Parse_Valid_SplitsAuthorityAndName(string s, string authority, string name)
    {
        var nsid = Nsid.Parse(s);

        Assert.Equal(authority, nsid.Authority);
        Assert.Equal(name, nsid.Name);
    }

    [Theory]
    [InlineData("com.example", "at least three segments")]
    [InlineData("com.example.fooBar.2", "name segment must start with a letter")]
    [InlineData("a-0.b-1.c-3", "'-' is not allowed in the name segment")]
    [InlineData("0two.example.foo", "first segment must start with a letter")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => Nsid.Parse(s));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
