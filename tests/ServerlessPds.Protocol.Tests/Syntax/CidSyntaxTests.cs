using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class CidSyntaxTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("cid_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("cid_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void IsValid_InteropValid_True(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.True(CidSyntax.IsValid(s));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void IsValid_InteropInvalid_False(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(CidSyntax.IsValid(s));
    }

    [Fact]
    public void IsValid_LengthBounds_Enforced()
    {
        Assert.True(CidSyntax.IsValid(new string('b', CidSyntax.MinLength)));
        Assert.False(CidSyntax.IsValid(new string('b', CidSyntax.MinLength - 1)));
        Assert.True(CidSyntax.IsValid(new string('b', CidSyntax.MaxLength)));
        Assert.False(CidSyntax.IsValid(new string('b', CidSyntax.MaxLength + 1)));
        Assert.False(CidSyntax.IsValid(null));
    }
}
