using System.Text.Json;
using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Lexicon;

public class LexiconDocumentTests
{
    public static TheoryData<string, string> InteropValid() => Cases("lexicon/lexicon-valid.json");

    public static TheoryData<string, string> InteropInvalid() => Cases("lexicon/lexicon-invalid.json");

    public static TheoryData<string, string> InteropCatalog()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in LexiconTestCatalog.Files)
        {
            data.Add(file, InteropVectors.JsonDocumentRoot(file).GetRawText());
        }

        return data;
    }

    /// <summary>Schema-language mistakes beyond the interop vectors: a main definition's body, and the expected message fragment.</summary>
    public static TheoryData<string, string> InvalidMainDefs() => new()
    {
        { """{"type":"string","minLength":5,"maxLength":2}""", "minLength 5 is greater than maxLength 2" },
        { """{"type":"string","maxGraphemes":-1}""", "maxGraphemes: must be a non-negative integer" },
        { """{"type":"string","format":"email"}""", "unknown string format \"email\"" },
        { """{"type":"string","enum":["a","b"],"default":"c"}""", "not in the type's own enum" },
        { """{"type":"string","maxLength":"10"}""", "maxLength: must be an integer" },
        { """{"type":"integer","minimum":10,"maximum":1}""", "minimum 10 is greater than maximum 1" },
        { """{"type":"integer","minimum":1,"default":0}""", "default: 0 is outside" },
        { """{"type":"integer","maximum":1.5}""", "maximum: must be an integer" },
        { """{"type":"boolean","const":"yes"}""", "const: must be a boolean" },
        { """{"type":"bytes","minLength":3,"maxLength":2}""", "minLength 3 is greater than maxLength 2" },
        { """{"type":"blob","accept":["image"]}""", "is not a MIME type" },
        { """{"type":"blob","maxSize":-5}""", "maxSize: must not be negative" },
        { """{"type":"array"}""", "the field \"items\" is required" },
        { """{"type":"array","items":{"type":"token"}}""", "a token is not allowed as array items" },
        { """{"type":"object"}""", "the field \"properties\" is required" },
        { """{"type":"object","properties":{"a":{"type":"integer"}},"required":["b"]}""", "\"b\" is not a declared property" },
        { """{"type":"object","properties":{"a":{"type":"integer"}},"nullable":["b"]}""", "\"b\" is not a declared property" },
        { """{"type":"object","properties":{"a":{"type":"integer"}},"required":["a","a"]}""", "\"a\" is listed twice" },
        { """{"type":"object","properties":{"a":{"type":"float"}}}""", "unknown type \"float\"" },
        { """{"type":"object","properties":{"a":{"type":"ref","ref":"not a ref"}}}""", "is not a reference" },
        { """{"type":"object","properties":{"a":{"type":"ref","ref":"#bad-name"}}}""", "is not a reference" },
        { """{"type":"object","properties":{"a":{"type":"union","refs":["#x","#x"]}}}""", "is listed twice" },
        { """{"type":"object","properties":{"a":{"type":"union"}}}""", "the field \"refs\" is required" },
        { """{"type":"object","properties":{"a":{"type":"params","properties":{}}}}""", "a params is not allowed as an object property" },
        { """{"type":"object","properties":{"a":{"description":"no type"}}}""", "the field \"type\" is required" },
        { """{"type":"object","properties":{"a":{"type":"integer","description":5}}}""", "description: must be a string" },
        { """{"type":"record","key":"uuid","record":{"type":"object","properties":{}}}""", "is not a record key type" },
        { """{"type":"record","key":"literal:..","record":{"type":"object","properties":{}}}""", "is not a valid record key" },
        { """{"type":"record","record":{"type":"object","properties":{}}}""", "the field \"key\" is required" },
        { """{"type":"record","key":"tid","record":{"type":"string"}}""", "must be an object definition" },
        { """{"type":"query","parameters":{"type":"object","properties":{}}}""", "must be a params definition" },
        { """{"type":"query","parameters":{"type":"params","properties":{"a":{"type":"blob"}}}}""", "a blob is not allowed as a parameter" },
        { """{"type":"query","parameters":{"type":"params","properties":{"a":{"type":"array","items":{"type":"bytes"}}}}}""", "not allowed as the items of a parameter array" },
        { """{"type":"query","output":{"schema":{"type":"object","properties":{}}}}""", "the field \"encoding\" is required" },
        { """{"type":"procedure","input":{"encoding":"application/json","schema":{"type":"string"}}}""", "a string is not allowed as a body schema" },
        { """{"type":"query","errors":[{"description":"no name"}]}""", "the field \"name\" is required" },
        { """{"type":"subscription","message":{"schema":{"type":"object","properties":{}}}}""", "an object is not allowed as a message schema" },
        { """{"type":"permission-set","permissions":[{"type":"scope","resource":"repo"}]}""", "must be \"permission\"" },
        { """{"type":"permission-set","permissions":[{"type":"permission","resource":""}]}""", "resource: must not be empty" },
        { """{"type":"permission-set","permissions":[{"type":"permission","resource":"repo","x":{"a":1}}]}""", "must be a string, integer, boolean or an array of those" },
        { """{"type":"permission-set","permissions":[],"title:lang":{"not a tag!":"x"}}""", "is not a language tag" },
        { """{"type":"permission-set"}""", "the field \"permissions\" is required" },
    };

    /// <summary>Whole documents that are not valid Lexicon, and the expected message fragment.</summary>
    public static TheoryData<string, string> InvalidDocuments() => new()
    {
        { """{"lexicon":2,"id":"com.example.test","defs":{}}""", "lexicon: must be the integer 1" },
        { """{"lexicon":1,"id":"com.example.test"}""", "the field \"defs\" is required" },
        { """{"lexicon":1,"id":"com.example.test","defs":[]}""", "defs: must be a JSON object" },
        { """{"lexicon":1,"id":"com.example.test","defs":{"a":{"type":"token"},"a":{"type":"token"}}}""", "duplicate key \"a\"" },
        { """{"lexicon":1,"id":"com.example.test","defs":{"bad-name":{"type":"token"}}}""", "defs.bad-name" },
        { """{"lexicon":1,"id":"com.example.test","defs":{"x":{"type":"union","refs":[]}}}""", "a union can not be a named definition" },
        { """{"lexicon":1,"id":"com.example.test","defs":{"x":{"type":"params","properties":{}}}}""", "a params can not be a named definition" },
        { """{"lexicon":1,"id":"com.example.test","defs":{"x":{"type":"query"}}}""", "a query definition must be named \"main\"" },
        { """{"lexicon":1,"id":"com.example.test","revision":-1,"defs":{}}""", "revision: must not be negative" },
        { """[1,2]""", "document: must be a JSON object" },
        { """{"lexicon":1,""", "Invalid JSON" },
    };

    [Theory]
    [MemberData(nameof(InteropValid))]
    public void Parse_InteropValidLexicon_Succeeds(string name, string json)
    {
        var document = LexiconDocument.Parse(json);

        using var expected = JsonDocument.Parse(json);
        Assert.Equal(expected.RootElement.GetProperty("id").GetString(), document.Id.Value);
        Assert.Equal(expected.RootElement.GetProperty("defs").EnumerateObject().Count(), document.Defs.Count);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Theory]
    [MemberData(nameof(InteropInvalid))]
    public void Parse_InteropInvalidLexicon_Throws(string name, string json)
    {
        var e = Assert.Throws<LexiconFormatException>(() => LexiconDocument.Parse(json));
        Assert.False(string.IsNullOrEmpty(e.Message), name);
    }

    [Theory]
    [MemberData(nameof(InteropCatalog))]
    public void Parse_InteropCatalogFile_LoadsIntoCatalog(string file, string json)
    {
        var document = LexiconDocument.Parse(json);
        var catalog = new LexiconCatalog(LexiconCatalog.Default);

        catalog.Add(document);

        Assert.Same(document, catalog.GetDocument(document.Id));
        Assert.Same(document.Main, catalog.Resolve(document.Id.Value));
        Assert.Empty(catalog.FindUnresolvedReferences());
        Assert.StartsWith("example.lexicon.", document.Id.Value, StringComparison.Ordinal);
        Assert.StartsWith("lexicon/catalog/", file, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidMainDefs))]
    public void Parse_InvalidMainDefinition_ThrowsNamingTheProblem(string mainDef, string expectedFragment)
    {
        var json = $$$"""{"lexicon":1,"id":"com.example.test","defs":{"main":{{{mainDef}}}}}""";

        var e = Assert.Throws<LexiconFormatException>(() => LexiconDocument.Parse(json));

        Assert.Contains(expectedFragment, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("com.example.test#main", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public void Parse_InvalidDocument_ThrowsNamingTheProblem(string json, string expectedFragment)
    {
        var e = Assert.Throws<LexiconFormatException>(() => LexiconDocument.Parse(json));

        Assert.Contains(expectedFragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RecordWithNestedTypes_ExposesTheModel()
    {
        var document = LexiconDocument.Parse("""
            {"lexicon":1,"id":"com.example.thing","revision":3,"description":"d","defs":{
              "main":{"type":"record","key":"literal:self","record":{"type":"object","required":["a"],"nullable":["b"],"properties":{
                "a":{"type":"string","format":"did","maxGraphemes":10,"knownValues":["x"]},
                "b":{"type":"union","refs":["#tok","com.example.other"],"closed":true},
                "c":{"type":"array","items":{"type":"ref","ref":"#tok"},"maxLength":2},
                "d":{"type":"null"}}}},
              "tok":{"type":"token","description":"a token"}}}
            """u8);

        var record = Assert.IsType<LexiconRecord>(document.Main);
        Assert.Equal(3, document.Revision);
        Assert.Equal(LexiconRecordKeyType.Literal, record.KeyType);
        Assert.Equal("self", record.KeyLiteral);
        Assert.Equal(["a"], record.Record.Required);
        Assert.Equal("did", Assert.IsType<LexiconString>(record.Record.Properties["a"]).Format);
        var union = Assert.IsType<LexiconUnion>(record.Record.Properties["b"]);
        Assert.Equal(["com.example.thing#tok", "com.example.other#main"], union.Targets);
        Assert.True(union.Closed);
        Assert.Equal("com.example.other#main", union.FindMember("com.example.other"));
        Assert.Null(union.FindMember("com.example.other#tok"));
        var items = Assert.IsType<LexiconRef>(Assert.IsType<LexiconArray>(record.Record.Properties["c"]).Items);
        Assert.Equal(("#tok", "com.example.thing#tok"), (items.Ref, items.Target));
        Assert.IsType<LexiconNull>(record.Record.Properties["d"]);
        Assert.Equal("com.example.thing#tok", Assert.IsType<LexiconToken>(document.Defs["tok"]).Id);
    }

    [Fact]
    public void Parse_UnknownFields_AreIgnoredForForwardCompatibility()
    {
        var document = LexiconDocument.Parse("""
            {"lexicon":1,"id":"com.example.test","$type":"com.atproto.lexicon.schema","defs":{
              "main":{"type":"string","futureField":{"anything":[1,2]}}}}
            """);

        Assert.IsType<LexiconString>(document.Main);
    }

    private static TheoryData<string, string> Cases(string file)
    {
        var data = new TheoryData<string, string>();
        foreach (var item in InteropVectors.JsonArray(file))
        {
            data.Add(item.GetProperty("name").GetString()!, item.GetProperty("lexicon").GetRawText());
        }

        return data;
    }
}
