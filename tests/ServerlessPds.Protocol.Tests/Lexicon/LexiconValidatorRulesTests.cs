using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Lexicon;

/// <summary>Validation rules beyond the interop vectors, against a small test schema.</summary>
public class LexiconValidatorRulesTests
{
    private static readonly Nsid Collection = Nsid.Parse("com.example.rules");

    private static readonly LexiconValidator Validator = CreateValidator();

    public static TheoryData<string, string, string?> Cases() => new()
    {
        // field, value as atproto JSON, expected error path (null when valid)
        { "known", "\"purple\"", null },
        { "token", "\"com.example.rules#loud\"", null },
        { "token", "\"com.example.rules#quiet\"", "$.token" },
        { "token", "7", "$.token" },
        { "mainToken", "\"com.example.flag\"", null },
        { "mainToken", "\"com.example.flag#main\"", null },
        { "mainToken", "\"com.example.flagx\"", "$.mainToken" },
        { "nothing", "null", null },
        { "nothing", "0", "$.nothing" },
        { "union", "{\"$type\":\"com.example.shape#main\",\"x\":1}", null },
        { "union", "{\"$type\":\"com.example.shape\",\"x\":\"1\"}", "$.union.x" },
        { "union", "{\"$type\":\"com.example.other\",\"x\":\"1\"}", null },
        { "union", "{\"x\":1}", "$.union" },
        { "union", "{\"$type\":\"com.example.rules#node\",\"next\":{\"next\":{}}}", null },
        { "union", "{\"$type\":\"com.example.rules#node\",\"next\":{\"next\":5}}", "$.union.next.next" },
        { "closed", "{\"$type\":\"com.example.rules#node\"}", null },
        { "closed", "{\"$type\":\"com.example.flag\"}", "$.closed.$type" },
        { "dids", "[\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\", \"did:web:example.com\"]", null },
        { "dids", "[\"did:plc:ewvi7nxzyoun6zhxrhs64oiz\", \"alice\"]", "$.dids[1]" },
        { "unknown", "{\"$type\":\"com.example.whatever\",\"deep\":[1,2]}", null },
        { "unknown", "[1]", "$.unknown" },
        { "unknown", "{\"$link\":\"bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq\"}", "$.unknown" },
        { "link", "{\"$link\":\"bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq\"}", null },
        { "link", "\"bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq\"", "$.link" },
        { "anyBlob", "{\"$type\":\"blob\",\"ref\":{\"$link\":\"bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq\"},\"mimeType\":\"x/y\",\"size\":1,\"extra\":1}", "$.anyBlob" },
        { "anyBlob", "{\"cid\":\"bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq\",\"mimeType\":\"x/y\"}", null },
        { "anyBlob", "{\"cid\":\"not-a-cid\",\"mimeType\":\"x/y\"}", "$.anyBlob" },
        { "flag", "true", null },
        { "flag", "false", "$.flag" },
        { "short", "\"\"", "$.short" },
        { "short", "\"ab\"", null },
        { "short", "\"abcd\"", "$.short" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValidateRecord_FieldValue_MatchesRule(string field, string valueJson, string? expectedErrorPath)
    {
        var record = DataMap.Of(("$type", DataValue.From(Collection.Value)), (field, AtprotoJson.Parse(valueJson)));

        var result = Validator.ValidateRecord(Collection, record);

        if (expectedErrorPath is null)
        {
            Assert.True(result.IsValid, result.Message);
        }
        else
        {
            Assert.Equal(expectedErrorPath, Assert.Single(result.Errors).Path);
        }
    }

    [Fact]
    public void ValidateRecord_UnionValueWithEmptyType_IsInvalid()
    {
        var record = DataMap.Of(("$type", DataValue.From(Collection.Value)), ("union", DataMap.Of(("$type", DataValue.From(string.Empty)))));

        Assert.Equal("$.union", Assert.Single(Validator.ValidateRecord(Collection, record).Errors).Path);
    }

    [Fact]
    public void ValidateRecord_NestingBeyondLimit_IsInvalidNotAStackOverflow()
    {
        DataValue node = DataMap.Of();
        for (var i = 0; i < 500; i++)
        {
            node = DataMap.Of(("next", node));
        }

        var record = DataMap.Of(("$type", DataValue.From(Collection.Value)), ("union", DataMap.Of(("$type", DataValue.From("com.example.rules#node")), ("next", node))));

        var result = Validator.ValidateRecord(Collection, record);

        Assert.Contains("nested more than", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateValue_ByReference_UsesThatDefinition()
    {
        Assert.True(Validator.ValidateValue("com.example.rules#node", DataMap.Of()).IsValid);
        Assert.Equal(LexiconValidationStatus.Invalid, Validator.ValidateValue("com.example.rules#node", DataValue.From(1)).Status);
        Assert.Equal(LexiconValidationStatus.Unknown, Validator.ValidateValue("com.example.rules#absent", DataMap.Of()).Status);
        Assert.Throws<ArgumentException>(() => Validator.ValidateValue("#node", DataMap.Of()));
    }

    [Fact]
    public void ValidateInput_CreateRecordBody_ChecksTheProcedureSchema()
    {
        var method = Nsid.Parse("com.atproto.repo.createRecord");
        var body = DataMap.Of(("repo", DataValue.From("alice.example.com")), ("collection", DataValue.From("app.bsky.feed.post")), ("record", DataMap.Of()));

        Assert.True(LexiconValidator.Default.ValidateInput(method, body).IsValid);
        var missing = LexiconValidator.Default.ValidateInput(method, DataMap.Of(("repo", DataValue.From("alice.example.com"))));
        Assert.Equal(["$.collection", "$.record"], missing.Errors.Select(e => e.Path));
        Assert.Equal(LexiconValidationStatus.Invalid, LexiconValidator.Default.ValidateInput(Nsid.Parse("app.bsky.feed.getTimeline"), body).Status);
        Assert.True(LexiconValidator.Default.ValidateInput(Nsid.Parse("com.atproto.repo.uploadBlob"), DataMap.Of()).IsValid);
        Assert.Equal(LexiconValidationStatus.Unknown, LexiconValidator.Default.ValidateInput(Nsid.Parse("com.example.nothing"), body).Status);
    }

    [Fact]
    public void ValidateOutput_DescribeServer_ChecksTheQuerySchema()
    {
        var method = Nsid.Parse("com.atproto.server.describeServer");
        var output = DataMap.Of(("did", DataValue.From("did:web:pds.example.com")), ("availableUserDomains", new DataArray([DataValue.From(".example.com")])));

        Assert.True(LexiconValidator.Default.ValidateOutput(method, output).IsValid);
        Assert.Equal("$.did", Assert.Single(LexiconValidator.Default.ValidateOutput(method, DataMap.Of(("did", DataValue.From("nope")), ("availableUserDomains", new DataArray([])))).Errors).Path);
    }

    [Theory]
    [InlineData(50, true)]
    [InlineData(0, false)]
    [InlineData(101, false)]
    public void ValidateParams_GetTimelineLimit_IsRangeChecked(long limit, bool valid)
    {
        var result = LexiconValidator.Default.ValidateParams(Nsid.Parse("app.bsky.feed.getTimeline"), DataMap.Of(("limit", DataValue.From(limit))));

        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void ValidateParams_MissingRequired_IsInvalid()
    {
        var result = LexiconValidator.Default.ValidateParams(Nsid.Parse("com.atproto.repo.getRecord"), DataMap.Of(("repo", DataValue.From("alice.example.com"))));

        Assert.Equal(["$.collection", "$.rkey"], result.Errors.Select(e => e.Path));
    }

    private static LexiconValidator CreateValidator()
    {
        var catalog = new LexiconCatalog();
        catalog.AddRange([
            LexiconDocument.Parse("""
                {"lexicon":1,"id":"com.example.rules","defs":{
                  "main":{"type":"record","key":"any","record":{"type":"object","properties":{
                    "known":{"type":"string","knownValues":["red","blue"]},
                    "token":{"type":"ref","ref":"#loud"},
                    "mainToken":{"type":"ref","ref":"com.example.flag"},
                    "nothing":{"type":"null"},
                    "union":{"type":"union","refs":["com.example.shape","#node"]},
                    "closed":{"type":"union","refs":["#node"],"closed":true},
                    "dids":{"type":"array","items":{"type":"string","format":"did"}},
                    "unknown":{"type":"unknown"},
                    "link":{"type":"cid-link"},
                    "anyBlob":{"type":"blob"},
                    "flag":{"type":"boolean","const":true},
                    "short":{"type":"string","minGraphemes":1,"maxLength":3}}}},
                  "loud":{"type":"token"},
                  "quiet":{"type":"token"},
                  "node":{"type":"object","properties":{"next":{"type":"ref","ref":"#node"}}}}}
                """),
            LexiconDocument.Parse("""{"lexicon":1,"id":"com.example.flag","defs":{"main":{"type":"token"}}}"""),
            LexiconDocument.Parse("""{"lexicon":1,"id":"com.example.shape","defs":{"main":{"type":"object","properties":{"x":{"type":"integer"}}}}}"""),
        ]);
        return new LexiconValidator(catalog);
    }
}
