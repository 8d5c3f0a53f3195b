using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class AtUriTests
{
    public static TheoryData<SyntaxVector> ValidVectors() => SyntaxVectors.Cases("aturi_syntax_valid.txt");

    public static TheoryData<SyntaxVector> InvalidVectors() => SyntaxVectors.Cases("aturi_syntax_invalid.txt");

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Parse_InteropValid_RoundTrips(SyntaxVector vector)
    {
        var s = vector.Value;
        var uri = AtUri.Parse(s);

        Assert.Equal(s, uri.Value);
        Assert.Equal(s, uri.ToString());
        Assert.Equal(uri, AtUri.Create(uri.Authority, uri.Collection, uri.Rkey));
        Assert.True(AtUri.IsValid(s));
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Parse_InteropInvalid_Rejects(SyntaxVector vector)
    {
        var s = vector.Value;
        Assert.False(AtUri.TryParse(s, out var result));
        Assert.Null(result);
        Assert.Throws<FormatException>(() => AtUri.Parse(s));
    }

    [Fact]
    public void Parse_RecordUri_ExposesParts()
    {
        var uri = AtUri.Parse("at://did:plc:44ybard66vv44zksje25o7dz/app.bsky.feed.post/3jwdwj2ctlk26");

        Assert.Equal(Did.Parse("did:plc:44ybard66vv44zksje25o7dz"), uri.Authority.Did);
        Assert.Equal(Nsid.Parse("app.bsky.feed.post"), uri.Collection);
        Assert.Equal(RecordKey.Parse("3jwdwj2ctlk26"), uri.Rkey);
    }

    [Fact]
    public void Parse_RepoUri_HasNoCollectionOrRkey()
    {
        var uri = AtUri.Parse("at://alice.test");

        Assert.True(uri.Authority.IsHandle);
        Assert.Null(uri.Collection);
        Assert.Null(uri.Rkey);
    }

    [Fact]
    public void Parse_UppercaseHandle_NormalizesAuthority()
    {
        Assert.Equal("at://alice.test/app.bsky.feed.post", AtUri.Parse("at://Alice.TEST/app.bsky.feed.post").Value);
    }

    [Fact]
    public void Create_FromDidAndRepoPath_FormsRecordUri()
    {
        var uri = AtUri.Create(Did.Parse("did:plc:abc"), RepoPath.Parse("app.bsky.feed.like/3jzfcijpj2z2a"));

        Assert.Equal("at://did:plc:abc/app.bsky.feed.like/3jzfcijpj2z2a", uri.Value);
    }

    [Fact]
    public void Create_RkeyWithoutCollection_Throws()
    {
        var authority = AtIdentifier.Parse("did:plc:abc");

        Assert.Throws<ArgumentException>(() => AtUri.Create(authority, null, RecordKey.Parse("self")));
    }

    [Theory]
    [InlineData("http://did:plc:asdf123", "must start with lowercase \"at://\"")]
    [InlineData("at://did:plc:asdf123#/frag", "fragment")]
    [InlineData("at://did:plc:asdf123/", "empty path segment")]
    [InlineData("at://did:plc:asdf123/short/stuff", "collection is not a valid NSID")]
    [InlineData("at://did:plc:asdf123/com.atproto.feed.post/%23", "record key is not valid")]
    [InlineData("at://did:plc:asdf123/a.b.c/d/e", "at most two segments")]
    [InlineData("at://name", "authority is not a valid DID or handle")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => AtUri.Parse(s));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }
}
