using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class DidTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("did_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("did_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_RoundTrips(SyntaxVector vector)
    {
        var s = vector.Value;
        var did = Did.Parse(s);

        Assert.Equal(s, did.Value);
        Assert.Equal(s, did.ToString());
        Assert.Equal(s, $"did:{did.Method}:{did.Identifier}");
        Assert.True(Did.IsValid(s));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(Did.TryParse(s, out var result));
        Assert.Null(result);
        Assert.False(Did.IsValid(s));
        Assert.Throws<FormatException>(() => Did.Parse(s));
    }

    [Theory]
    [InlineData("did:plc:7iza6de2dwap2sbkpav7c6c6", "plc", "7iza6de2dwap2sbkpav7c6c6")]
    [InlineData("did:web:localhost%3A1234", "web", "localhost%3A1234")]
    [InlineData("did:method::::val", "method", ":::val")]
    public void Parse_Valid_ExposesMethodAndIdentifier(string s, string method, string identifier)
    {
        var did = Did.Parse(s);

        Assert.Equal(method, did.Method);
        Assert.Equal(identifier, did.Identifier);
    }

    [Theory]
    [InlineData("DID:plc:abc", "lowercase \"did:\"")]
    [InlineData("did:METHOD:val", "lowercase letters")]
    [InlineData("did:plc:", "identifier is empty")]
    [InlineData("did:plc:abc:", "must not end with ':' or '%'")]
    [InlineData("did:plc:ab#c", "'#' is not allowed")]
    [InlineData("did:plc:ab c", "'U+0020' is not allowed")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => Did.Parse(s));

        Assert.Contains(s, ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverMaxLength_MessageClipsInput()
    {
        var s = "did:plc:" + new string('a', Did.MaxLength);

        var ex = Assert.Throws<FormatException>(() => Did.Parse(s));

        Assert.Contains($"longer than {Did.MaxLength}", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 300);
    }

    [Fact]
    public void Parse_MaxLength_Accepted()
    {
        var s = "did:plc:" + new string('a', Did.MaxLength - 8);

        Assert.Equal(Did.MaxLength, Did.Parse(s).Value.Length);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Did.Parse(null!));
        Assert.False(Did.TryParse(null, out _));
    }

    [Fact]
    public void Equality_SameValue_Equal()
    {
        Assert.Equal(Did.Parse("did:plc:abc"), Did.Parse("did:plc:abc"));
        Assert.NotEqual(Did.Parse("did:plc:abc"), Did.Parse("did:plc:ABC"));
    }

    [Fact]
    public void ParseGeneric_ViaIParsable_Works()
    {
        Assert.Equal("did:plc:abc", ParseVia<Did>("did:plc:abc").ToString());
        Assert.False(TryParseVia<Did>("did:x"));
    }

    private static T ParseVia<T>(string s)
        where T : IParsable<T> => T.Parse(s, null);

    private static bool TryParseVia<T>(string s)
        where T : IParsable<T> => T.TryParse(s, null, out _);
}
