using System.Text;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Lexicon;

public class LexiconValidatorTests
{
    private static readonly Nsid Post = Nsid.Parse("app.bsky.feed.post");
    private static readonly Nsid Profile = Nsid.Parse("app.bsky.actor.profile");
    private static readonly string BlobCid = Cid.ComputeRaw("an image"u8).ToString();
    private const string RecordCid = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";

    [Fact]
    public void ValidateRecord_RealisticPost_IsValid()
    {
        var result = LexiconValidator.Default.ValidateRecord(Post, RealisticPost());

        Assert.True(result.IsValid, result.Message);
        Assert.Same(LexiconValidationResult.Valid, result);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void ValidateRecord_PostText_IsLimitedTo300Graphemes(int graphemes, bool valid)
    {
        // "e" + combining acute accent: one grapheme, two UTF-16 code units, three UTF-8 bytes (far below maxLength 3000).
        var text = string.Concat(Enumerable.Repeat("e\u0301", graphemes));

        var result = LexiconValidator.Default.ValidateRecord(Post, Record(Post, ("text", S(text)), ("createdAt", S("2024-11-02T10:00:00.000Z"))));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal("$.text", error.Path);
            Assert.Contains("300 graphemes", error.Message, StringComparison.Ordinal);
            Assert.Contains("text", result.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ValidateRecord_PostTextOverMaxBytes_IsInvalid()
    {
        var result = LexiconValidator.Default.ValidateRecord(Post, Record(Post, ("text", S(string.Concat(Enumerable.Repeat("👩‍👩‍👦‍👦", 120)) + "x")), ("createdAt", S("2024-11-02T10:00:00Z"))));

        Assert.Equal("$.text", Assert.Single(result.Errors).Path);
        Assert.Contains("3000 bytes of UTF-8 (it has 3001)", result.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BrokenPosts() => new()
    {
        { "createdAt", "not a date", "$.createdAt" },
        { "langs", "many", "$.langs" },
        { "reply.root.uri", "https://example.com/", "$.reply.root.uri" },
        { "reply.parent.cid", "not-a-cid", "$.reply.parent.cid" },
        { "embed.images[0].image.mimeType", "text/plain", "$.embed.images[0].image.mimeType" },
        { "facets[0].features[0].did", "@alice", "$.facets[0].features[0].did" },
        { "facets[0].index.byteStart", "-1", "$.facets[0].index.byteStart" },
        { "$type", "app.bsky.feed.like", "$.$type" },
    };

    [Theory]
    [MemberData(nameof(BrokenPosts))]
    public void ValidateRecord_PostWithOneBrokenField_ReportsThatField(string field, string value, string expectedPath)
    {
        var json = AtprotoJson.Serialize(RealisticPost());
        var broken = SetJson(json, field, value);

        var result = LexiconValidator.Default.ValidateRecord(Post, AtprotoJson.Parse(broken));

        Assert.Equal(LexiconValidationStatus.Invalid, result.Status);
        Assert.Equal(expectedPath, Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void ValidateRecord_PostMissingRequiredFields_ReportsEach()
    {
        var result = LexiconValidator.Default.ValidateRecord(Post, Record(Post));

        Assert.Equal(["$.text", "$.createdAt"], result.Errors.Select(e => e.Path));
        Assert.All(result.Errors, e => Assert.Equal("is required", e.Message));
    }

    [Fact]
    public void ValidateRecord_OpenUnionMemberOutsideRefs_IsAcceptedUnchecked()
    {
        var post = Record(Post, ("text", S("hi")), ("createdAt", S("2024-11-02T10:00:00Z")),
            ("embed", DataMap.Of(("$type", S("com.example.embed.custom")), ("anything", DataValue.From(1)))));

        Assert.True(LexiconValidator.Default.ValidateRecord(Post, post).IsValid);
    }

    [Fact]
    public void ValidateRecord_Profile_IsValidWithSelfKeyOnly()
    {
        var profile = Record(Profile,
            ("displayName", S("Alice 🌈")),
            ("description", S("Hello")),
            ("avatar", Blob("image/png", 50_000)),
            ("createdAt", S("2024-11-02T10:00:00Z")));

        Assert.True(LexiconValidator.Default.ValidateRecord(Profile, profile).IsValid);
        Assert.True(LexiconValidator.Default.ValidateRecordKey(Profile, RecordKey.Parse("self")).IsValid);
        var wrongKey = LexiconValidator.Default.ValidateRecordKey(Profile, RecordKey.Parse("3jzfcijpj2z2a"));
        Assert.Equal(LexiconValidationStatus.Invalid, wrongKey.Status);
        Assert.Equal("rkey", Assert.Single(wrongKey.Errors).Path);
        Assert.Contains("\"self\"", wrongKey.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image/gif", 50_000, "$.avatar.mimeType")]
    [InlineData("image/png", 1_000_001, "$.avatar.size")]
    public void ValidateRecord_ProfileAvatarOutsideLimits_IsInvalid(string mimeType, long size, string expectedPath)
    {
        var profile = Record(Profile, ("avatar", Blob(mimeType, size)));

        Assert.Equal(expectedPath, Assert.Single(LexiconValidator.Default.ValidateRecord(Profile, profile).Errors).Path);
    }

    [Theory]
    [InlineData("app.bsky.feed.post", "3jzfcijpj2z2a", true)]
    [InlineData("app.bsky.feed.post", "self", false)]
    [InlineData("app.bsky.feed.generator", "anything-goes", true)]
    [InlineData("app.bsky.feed.generator", "self", true)]
    public void ValidateRecordKey_FollowsTheKeyType(string collection, string rkey, bool valid)
    {
        Assert.Equal(valid, LexiconValidator.Default.ValidateRecordKey(Nsid.Parse(collection), RecordKey.Parse(rkey)).IsValid);
    }

    [Fact]
    public void ValidateRecord_UnknownCollection_IsUnknown()
    {
        var collection = Nsid.Parse("com.example.unlisted");

        var result = LexiconValidator.Default.ValidateRecord(collection, Record(collection));

        Assert.Equal(LexiconValidationStatus.Unknown, result.Status);
        Assert.Equal(LexiconValidationStatus.Unknown, LexiconValidator.Default.ValidateRecordKey(collection, RecordKey.Parse("x")).Status);
        Assert.Contains("com.example.unlisted", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateRecord_CollectionThatIsNotARecordType_IsInvalid()
    {
        var method = Nsid.Parse("com.atproto.repo.createRecord");

        var result = LexiconValidator.Default.ValidateRecord(method, Record(method));

        Assert.Equal(LexiconValidationStatus.Invalid, result.Status);
        Assert.Contains("procedure", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ValidateRecord_LegacyBlob_FollowsAllowLegacyBlobs(bool allow)
    {
        var validator = new LexiconValidator(LexiconCatalog.Default) { AllowLegacyBlobs = allow };
        var profile = Record(Profile, ("avatar", DataMap.Of(("cid", S(BlobCid)), ("mimeType", S("image/jpeg")))));

        Assert.Equal(allow, validator.ValidateRecord(Profile, profile).IsValid);
    }

    [Fact]
    public void ValidateRecord_NotAMap_IsInvalidAtRoot()
    {
        var result = LexiconValidator.Default.ValidateRecord(Post, S("text"));

        Assert.Equal("$", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void ValidateRecord_ManyErrors_AreCappedAt20()
    {
        var tags = new DataArray(Enumerable.Range(0, 50).Select(_ => DataValue.From(5)));
        var post = Record(Post, ("text", S("hi")), ("createdAt", S("2024-11-02T10:00:00Z")), ("tags", tags));

        var result = LexiconValidator.Default.ValidateRecord(Post, post);

        Assert.Equal(20, result.Errors.Count);
        Assert.Equal("$.tags", result.Errors[0].Path);
        Assert.Equal("$.tags[0]", result.Errors[1].Path);
    }

    [Fact]
    public void ValidateRecord_ValidPost_AllocatesNothingOfItsOwn()
    {
        // The at-uri and language format checks (Syntax) allocate a little, so leave out reply and langs here.
        var post = new DataMap(((DataMap)RealisticPost()).Entries.Where(e => e.Key is not ("reply" or "langs")));
        var validator = LexiconValidator.Default;
        Assert.True(validator.ValidateRecord(Post, post).IsValid);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            validator.ValidateRecord(Post, post);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static DataValue S(string value) => DataValue.From(value);

    internal static DataMap Record(Nsid collection, params (string Key, DataValue Value)[] fields) =>
        DataMap.Of([("$type", S(collection.Value)), .. fields]);

    private static DataMap Blob(string mimeType, long size) =>
        new BlobRef(Cid.Parse(BlobCid), mimeType, size).ToData();

    private static DataValue RealisticPost()
    {
        var text = "Hi @alice.example.com, see https://example.com/a 🎉 #atproto";
        int ByteOffset(string s) => Encoding.UTF8.GetByteCount(text[..text.IndexOf(s, StringComparison.Ordinal)]);
        DataValue Slice(string s) => DataMap.Of(("byteStart", DataValue.From(ByteOffset(s))), ("byteEnd", DataValue.From(ByteOffset(s) + Encoding.UTF8.GetByteCount(s))));
        DataValue Facet(string s, DataMap feature) => DataMap.Of(("index", Slice(s)), ("features", new DataArray([feature])));
        DataValue StrongRef(string rkey) => DataMap.Of(("uri", S("at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/" + rkey)), ("cid", S(RecordCid)));

        return Record(Post,
            ("text", S(text)),
            ("createdAt", S("2024-11-02T10:00:00.123Z")),
            ("langs", new DataArray([S("en"), S("pt-BR")])),
            ("tags", new DataArray([S("bluesky")])),
            ("facets", new DataArray([
                Facet("@alice.example.com", DataMap.Of(("$type", S("app.bsky.richtext.facet#mention")), ("did", S("did:plc:ewvi7nxzyoun6zhxrhs64oiz")))),
                Facet("https://example.com/a", DataMap.Of(("$type", S("app.bsky.richtext.facet#link")), ("uri", S("https://example.com/a")))),
                Facet("#atproto", DataMap.Of(("$type", S("app.bsky.richtext.facet#tag")), ("tag", S("atproto")))),
            ])),
            ("reply", DataMap.Of(("root", StrongRef("3jzfcijpj2z2a")), ("parent", StrongRef("3jzfcijpj2z2b")))),
            ("embed", DataMap.Of(
                ("$type", S("app.bsky.embed.images")),
                ("images", new DataArray([
                    DataMap.Of(("image", Blob("image/jpeg", 123_456)), ("alt", S("A cat")), ("aspectRatio", DataMap.Of(("width", DataValue.From(4)), ("height", DataValue.From(3))))),
                ])))),
            ("labels", DataMap.Of(("$type", S("com.atproto.label.defs#selfLabels")), ("values", new DataArray([DataMap.Of(("val", S("nudity")))])))));
    }

    /// <summary>Replaces one field of a JSON record, given a dotted path with [i] indexes; numbers are written as numbers.</summary>
    private static string SetJson(string json, string path, string value)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = part.StartsWith('[') ? node[int.Parse(part[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }

        node[parts[^1]] = long.TryParse(value, out var n) ? n : value;
        return root.ToJsonString();
    }
}
