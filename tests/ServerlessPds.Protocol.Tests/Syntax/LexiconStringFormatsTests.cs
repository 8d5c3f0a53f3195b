using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class LexiconStringFormatsTests
{
    public static TheoryData<string, SyntaxVector, bool> InteropVectorsByFormat()
    {
        var files = new (string Format, string File, bool Valid)[]
        {
            ("at-identifier", "atidentifier_syntax_valid.txt", true),
            ("at-identifier", "atidentifier_syntax_invalid.txt", false),
            ("at-uri", "aturi_syntax_valid.txt", true),
            ("at-uri", "aturi_syntax_invalid.txt", false),
            ("cid", "cid_syntax_valid.txt", true),
            ("cid", "cid_syntax_invalid.txt", false),
            ("datetime", "datetime_syntax_valid.txt", true),
            ("datetime", "datetime_syntax_invalid.txt", false),
            ("datetime", "datetime_parse_invalid.txt", false),
            ("did", "did_syntax_valid.txt", true),
            ("did", "did_syntax_invalid.txt", false),
            ("handle", "handle_syntax_valid.txt", true),
            ("handle", "handle_syntax_invalid.txt", false),
            ("nsid", "nsid_syntax_valid.txt", true),
            ("nsid", "nsid_syntax_invalid.txt", false),
            ("tid", "tid_syntax_valid.txt", true),
            ("tid", "tid_syntax_invalid.txt", false),
            ("record-key", "recordkey_syntax_valid.txt", true),
            ("record-key", "recordkey_syntax_invalid.txt", false),
            ("uri", "uri_syntax_valid.txt", true),
            ("uri", "uri_syntax_invalid.txt", false),
            ("language", "language_syntax_valid.txt", true),
            ("language", "language_syntax_invalid.txt", false),
            ("language", "language_parse_invalid.txt", false),
        };
        var data = new TheoryData<string, SyntaxVector, bool>();
        foreach (var (format, file, valid) in files)
        {
            foreach (var vector in SyntaxVectors.All(file))
            {
                data.Add(format, vector, valid);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InteropVectorsByFormat))]
    public void IsValid_InteropVectors_MatchFile(string format, SyntaxVector vector, bool expected)
    {
        Assert.Equal(expected, LexiconStringFormats.IsValid(format, vector.Value));
    }

    [Fact]
    public void Names_CoverEveryLexiconFormat()
    {
        string[] expected = ["at-identifier", "at-uri", "cid", "datetime", "did", "handle", "language", "nsid", "record-key", "tid", "uri"];

        Assert.Equal(expected, LexiconStringFormats.Names.Order(StringComparer.Ordinal));
        Assert.All(expected, name => Assert.True(LexiconStringFormats.IsKnown(name)));
    }

    [Theory]
    [InlineData("date-time")]
    [InlineData("DID")]
    [InlineData("")]
    public void IsValid_UnknownFormat_ThrowsArgumentException(string format)
    {
        Assert.False(LexiconStringFormats.IsKnown(format));
        var ex = Assert.Throws<ArgumentException>(() => LexiconStringFormats.IsValid(format, "x"));

        Assert.Equal("format", ex.ParamName);
    }
}
