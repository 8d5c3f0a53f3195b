using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class UriSyntaxTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("uri_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("uri_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void IsValid_InteropValid_True(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.True(UriSyntax.IsValid(s));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void IsValid_InteropInvalid_False(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(UriSyntax.IsValid(s));
    }

    [Theory]
    [InlineData("mailto:alice@example.com", true)]
    [InlineData("urn:isbn:0451450523", true)]
    [InlineData("a+b-c.d:x", true)]
    [InlineData("https:///path", false)]
    [InlineData("1http://example.com", false)]
    [InlineData("ht_tp://example.com", false)]
    [InlineData("https://example.com/\ttab", false)]
    public void IsValid_OtherCases_Expected(string s, bool expected)
    {
        Assert.Equal(expected, UriSyntax.IsValid(s));
    }

    [Fact]
    public void IsValid_MultiByteCharacters_CountedInBytes()
    {
        var prefix = "https://example.com/";
        var fits = prefix + new string('é', (UriSyntax.MaxLengthBytes - prefix.Length) / 2);

        Assert.True(UriSyntax.IsValid(fits));
        Assert.False(UriSyntax.IsValid(fits + "éé"));
    }
}
