using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class AtIdentifierTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("atidentifier_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("atidentifier_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_IsDidOrHandle(SyntaxVector vector)
    {
        var s = vector.Value;
        var id = AtIdentifier.Parse(s);

        Assert.True(id.IsDid ^ id.IsHandle);
        Assert.Equal(id.IsDid ? s : s.ToLowerInvariant(), id.Value);
        Assert.Equal(id.Value, id.ToString());
        Assert.True(AtIdentifier.IsValid(s));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(AtIdentifier.TryParse(s, out var result));
        Assert.Null(result);
        Assert.False(AtIdentifier.IsValid(s));
        Assert.Throws<FormatException>(() => AtIdentifier.Parse(s));
    }

    [Fact]
    public void Parse_Did_ExposesDid()
    {
        var id = AtIdentifier.Parse("did:plc:abc123");

        Assert.True(id.IsDid);
        Assert.Equal(Did.Parse("did:plc:abc123"), id.Did);
        Assert.Null(id.Handle);
        Assert.Equal(id, AtIdentifier.FromDid(Did.Parse("did:plc:abc123")));
    }

    [Fact]
    public void Parse_Handle_ExposesNormalizedHandle()
    {
        var id = AtIdentifier.Parse("Alice.Test");

        Assert.True(id.IsHandle);
        Assert.Equal("alice.test", id.Handle.Value);
        Assert.Null(id.Did);
        Assert.Equal(id, AtIdentifier.FromHandle(Handle.Parse("alice.test")));
    }

    [Theory]
    [InlineData("did:plc:", "not a valid DID")]
    [InlineData("email@example.com", "not a valid handle")]
    public void Parse_Invalid_MessageSaysWhich(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => AtIdentifier.Parse(s));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
