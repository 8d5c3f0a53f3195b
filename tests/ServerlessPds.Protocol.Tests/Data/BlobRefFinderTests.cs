using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Tests.Data;

public sealed class BlobRefFinderTests
{
    private static readonly Cid First = Cid.ComputeRaw([1]);
    private static readonly Cid Second = Cid.ComputeRaw([2]);
    private static readonly Cid Third = Cid.ComputeRaw([3]);

    private static DataMap Blob(Cid cid, string mime = "image/png", long size = 10) => new BlobRef(cid, mime, size).ToData();

    [Fact]
    public void Find_NestedInArraysAndUnions_FindsEveryRefWithItsPath()
    {
        var record = DataMap.Of(
            ("$type", DataValue.From("app.bsky.feed.post")),
            ("text", DataValue.From("hi")),
            ("embed", DataMap.Of(
                ("$type", DataValue.From("app.bsky.embed.recordWithMedia")),
                ("media", DataMap.Of(
                    ("$type", DataValue.From("app.bsky.embed.images")),
                    ("images", new DataArray([
                        DataMap.Of(("alt", DataValue.From("a")), ("image", Blob(First))),
                        DataMap.Of(("alt", DataValue.From("b")), ("image", Blob(Second, "image/jpeg", 20))),
                    ])))))),
            ("avatar", Blob(Third, "image/webp", 0)));

        var scan = BlobRefFinder.Find(record);

        Assert.True(scan.IsValid);
        Assert.Equal(
            [
                new FoundBlobRef("embed.media.images[0].image", First, "image/png", 10),
                new FoundBlobRef("embed.media.images[1].image", Second, "image/jpeg", 20),
                new FoundBlobRef("avatar", Third, "image/webp", 0),
            ],
            scan.Refs);
    }

    [Fact]
    public void Find_ArraysOfBlobsAndTheSameBlobTwice_FindsEachOccurrence()
    {
        var record = DataMap.Of(("files", new DataArray([Blob(First), new DataArray([Blob(First), Blob(Second)])])));

        var scan = BlobRefFinder.Find(record);

        Assert.Equal(["files[0]", "files[1][0]", "files[1][1]"], scan.Refs.Select(r => r.Path));
        Assert.Equal([First, First, Second], scan.Refs.Select(r => r.Cid));
    }

    [Fact]
    public void Find_TheValueItselfIsABlob_PathIsEmpty()
    {
        var scan = BlobRefFinder.Find(Blob(First));

        Assert.Equal(string.Empty, Assert.Single(scan.Refs).Path);
    }

    [Fact]
    public void Find_LegacyForm_FoundWithoutSize()
    {
        var record = DataMap.Of(("image", DataMap.Of(("cid", DataValue.From(First.ToString())), ("mimeType", DataValue.From("image/gif")))));

        var found = Assert.Single(BlobRefFinder.Find(record).Refs);

        Assert.Equal(new FoundBlobRef("image", First, "image/gif", null), found);
        Assert.True(found.IsLegacy);
    }

    public static TheoryData<string, DataMap> LookAlikes() => new()
    {
        { "legacy with an extra key", DataMap.Of(("cid", DataValue.From(First.ToString())), ("mimeType", DataValue.From("image/gif")), ("size", DataValue.From(3))) },
        { "legacy cid that does not parse", DataMap.Of(("cid", DataValue.From("not-a-cid")), ("mimeType", DataValue.From("image/gif"))) },
        { "legacy cid as a link", DataMap.Of(("cid", DataValue.From(First)), ("mimeType", DataValue.From("image/gif"))) },
        { "another $type", DataMap.Of(("$type", DataValue.From("app.example.blob")), ("ref", DataValue.From(First)), ("mimeType", DataValue.From("a/b")), ("size", DataValue.From(1))) },
        { "$type not a string", DataMap.Of(("$type", DataValue.From(1)), ("ref", DataValue.From(First))) },
    };

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void Find_MapsThatOnlyLookLikeBlobs_AreOrdinaryData(string why, DataMap value)
    {
        var scan = BlobRefFinder.Find(DataMap.Of(("x", value)));

        Assert.True(scan.IsValid, why);
        Assert.Empty(scan.Refs);
    }

    public static TheoryData<string, DataMap> Malformed() => new()
    {
        { "ref is a string", DataMap.Of(("$type", DataValue.From("blob")), ("ref", DataValue.From(First.ToString())), ("mimeType", DataValue.From("a/b")), ("size", DataValue.From(1))) },
        { "no size", DataMap.Of(("$type", DataValue.From("blob")), ("ref", DataValue.From(First)), ("mimeType", DataValue.From("a/b"))) },
        { "negative size", DataMap.Of(("$type", DataValue.From("blob")), ("ref", DataValue.From(First)), ("mimeType", DataValue.From("a/b")), ("size", DataValue.From(-1))) },
        { "mimeType not a string", DataMap.Of(("$type", DataValue.From("blob")), ("ref", DataValue.From(First)), ("mimeType", DataValue.From(1)), ("size", DataValue.From(1))) },
        { "an extra key", DataMap.Of(("$type", DataValue.From("blob")), ("ref", DataValue.From(First)), ("mimeType", DataValue.From("a/b")), ("size", DataValue.From(1)), ("name", DataValue.From("x"))) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Find_MalformedBlob_ReportsItsPathAndKeepsTheWellFormedOnes(string why, DataMap malformed)
    {
        var record = DataMap.Of(("a", Blob(First)), ("b", new DataArray([malformed])), ("c", Blob(Second)));

        var scan = BlobRefFinder.Find(record);

        Assert.False(scan.IsValid, why);
        Assert.Contains("b[0]", scan.Error, StringComparison.Ordinal);
        Assert.Equal([First, Second], scan.Refs.Select(r => r.Cid));
    }

    [Fact]
    public void Find_NoBlobs_FindsNothing()
    {
        var scan = BlobRefFinder.Find(DataMap.Of(("text", DataValue.From("plain")), ("link", DataValue.From(First)), ("list", new DataArray([DataValue.From(1), DataValue.Null]))));

        Assert.True(scan.IsValid);
        Assert.Empty(scan.Refs);
    }
}
