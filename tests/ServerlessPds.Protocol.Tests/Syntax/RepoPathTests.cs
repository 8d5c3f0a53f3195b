using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Syntax;

public class RepoPathTests
{
    [Theory]
    [InlineData("app.bsky.feed.post/3jzfcijpj2z2a", "app.bsky.feed.post", "3jzfcijpj2z2a")]
    [InlineData("app.bsky.actor.profile/self", "app.bsky.actor.profile", "self")]
    [InlineData("com.example.thing/lang:", "com.example.thing", "lang:")]
    public void Parse_Valid_SplitsAndRoundTrips(string s, string collection, string rkey)
    {
        var path = RepoPath.Parse(s);

        Assert.Equal(Nsid.Parse(collection), path.Collection);
        Assert.Equal(RecordKey.Parse(rkey), path.Rkey);
        Assert.Equal(s, path.Value);
        Assert.Equal(s, path.ToString());
        Assert.Equal(path, RepoPath.Create(path.Collection, path.Rkey));
    }

    [Theory]
    [InlineData("app.bsky.feed.post", "separated by '/'")]
    [InlineData("app.bsky.feed.post/", "record key is not valid")]
    [InlineData("/self", "collection is not a valid NSID")]
    [InlineData("app.bsky.feed.post/a/b", "record key is not valid")]
    [InlineData("app.bsky.feed.post/..", "record key is not valid")]
    [InlineData("bsky.post/self", "collection is not a valid NSID")]
    public void Parse_Invalid_MessageSaysWhy(string s, string reason)
    {
        Assert.False(RepoPath.TryParse(s, out _));
        var ex = Assert.Throws<FormatException>(() => RepoPath.Parse(s));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareTo_SortsLikeBytes()
    {
        var paths = new[] { "app.bsky.feed.post/b", "app.bsky.feed.like/z", "app.bsky.feed.post/B", "app.bsky.feed.post/a" }
            .Select(RepoPath.Parse)
            .Order()
            .Select(p => p.Value);

        Assert.Equal(["app.bsky.feed.like/z", "app.bsky.feed.post/B", "app.bsky.feed.post/a", "app.bsky.feed.post/b"], paths);
    }
}
