using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class HandleTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("handle_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("handle_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_NormalizesToLowercase(SyntaxVector vector)
    {
        var s = vector.Value;
        var handle = Handle.Parse(s);

        Assert.Equal(s.ToLowerInvariant(), handle.Value);
        Assert.Equal(handle.Value, handle.ToString());
        Assert.True(Handle.IsValid(s));
        Assert.Equal(handle, Handle.Parse(s.ToUpperInvariant()));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(Handle.TryParse(s, out var result));
        Assert.Null(result);
        Assert.Throws<FormatException>(() => Handle.Parse(s));
    }

    [Theory]
    [InlineData("local", true)]
    [InlineData(".LOCAL", true)]
    [InlineData("arpa", true)]
    [InlineData("invalid", true)]
    [InlineData("localhost", true)]
    [InlineData("internal", true)]
    [InlineData("example", true)]
    [InlineData("onion", true)]
    [InlineData("alt", true)]
    [InlineData("test", false)]
    [InlineData("social", false)]
    [InlineData("com", false)]
    public void IsDisallowedTld_ReservedNames_True(string tld, bool expected)
    {
        Assert.Equal(expected, Handle.IsDisallowedTld(tld));
    }

    [Theory]
    [InlineData("laptop.local", "local", true)]
    [InlineData("expyuzz4wqqyqhjn.onion", "onion", true)]
    [InlineData("alice.test", "test", false)]
    [InlineData("Alice.Bsky.Social", "social", false)]
    public void HasDisallowedTld_ValidSyntax_ReflectsTld(string s, string tld, bool expected)
    {
        var handle = Handle.Parse(s);

        Assert.Equal(tld, handle.Tld);
        Assert.Equal(expected, handle.HasDisallowedTld);
    }

    [Fact]
    public void Invalid_IsHandleDotInvalid()
    {
        Assert.Equal("handle.invalid", Handle.Invalid.Value);
        Assert.Equal(Handle.Invalid, Handle.Parse("HANDLE.INVALID"));
        Assert.True(Handle.Invalid.HasDisallowedTld);
    }

    [Theory]
    [InlineData("john", "at least two segments")]
    [InlineData("john.0", "must not start with a digit")]
    [InlineData("john..test", "empty segment")]
    [InlineData("-john.test", "starts or ends with '-'")]
    [InlineData("jo_hn.test", "'_' is not allowed")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => Handle.Parse(s));

        Assert.Contains(s, ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MaxLengthHandle_Accepted()
    {
        var s = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61);

        Assert.Equal(Handle.MaxLength, Handle.Parse(s).Value.Length);
        Assert.False(Handle.IsValid(s + "b"));
    }
}
