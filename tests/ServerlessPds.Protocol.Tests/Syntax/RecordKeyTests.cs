using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class RecordKeyTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("recordkey_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("recordkey_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_RoundTrips(SyntaxVector vector)
    {
        var s = vector.Value;
        var rkey = RecordKey.Parse(s);

        Assert.Equal(s, rkey.Value);
        Assert.Equal(s, rkey.ToString());
        Assert.True(RecordKey.IsValid(s));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(RecordKey.TryParse(s, out var result));
        Assert.Null(result);
        Assert.Throws<FormatException>(() => RecordKey.Parse(s));
    }

    [Theory]
    [InlineData(".", "\".\" and \"..\" are not allowed")]
    [InlineData("..", "\".\" and \"..\" are not allowed")]
    [InlineData("", "is empty")]
    [InlineData("a/b", "'/' is not allowed")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => RecordKey.Parse(s));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTid_UsesTidString()
    {
        var tid = Tid.Parse("3jzfcijpj2z2a");

        Assert.Equal(RecordKey.Parse("3jzfcijpj2z2a"), RecordKey.FromTid(tid));
    }
}
