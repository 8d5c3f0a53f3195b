using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Protocol.Tests.Lexicon;

public class LexiconCatalogTests
{
    [Fact]
    public void Default_LoadsEveryEmbeddedSchema()
    {
        var resources = typeof(LexiconCatalog).Assembly.GetManifestResourceNames()
            .Count(n => n.StartsWith(LexiconCatalog.ResourcePrefix, StringComparison.Ordinal));
        var schemaFiles = Directory.EnumerateFiles(
            Path.Combine(Interop.InteropVectors.RepoRoot, "src", "ServerlessPds.Protocol", "Lexicon", "Schemas"), "*.json", SearchOption.AllDirectories).Count();

        Assert.True(LexiconCatalog.Default.Count > 250, $"only {LexiconCatalog.Default.Count} schemas");
        Assert.Equal(schemaFiles, resources);
        Assert.Equal(resources, LexiconCatalog.Default.Count);
        Assert.Equal(resources, LexiconCatalog.LoadEmbeddedDocuments().Count);
    }

    [Fact]
    public void Default_EveryReferenceResolves()
    {
        Assert.Empty(LexiconCatalog.Default.FindUnresolvedReferences());
    }

    [Fact]
    public void Default_IsSharedAndReadOnly()
    {
        var results = new LexiconCatalog[8];
        Parallel.For(0, results.Length, i => results[i] = LexiconCatalog.Default);

        Assert.All(results, c => Assert.Same(LexiconCatalog.Default, c));
        Assert.True(LexiconCatalog.Default.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => LexiconCatalog.Default.Add(Document("com.example.ro")));
    }

    [Theory]
    [InlineData("app.bsky.feed.post", null, "record")]
    [InlineData("app.bsky.feed.post#main", null, "record")]
    [InlineData("app.bsky.feed.post#replyRef", null, "object")]
    [InlineData("#replyRef", "app.bsky.feed.post", "object")]
    [InlineData("app.bsky.feed.defs#requestLess", null, "token")]
    [InlineData("com.atproto.repo.createRecord", null, "procedure")]
    [InlineData("com.atproto.sync.subscribeRepos", null, "subscription")]
    public void Resolve_ReferenceForms_FindTheDefinition(string reference, string? context, string expectedType)
    {
        var def = LexiconCatalog.Default.Resolve(reference, context is null ? null : Nsid.Parse(context));

        Assert.Equal(expectedType, def?.TypeName);
    }

    [Theory]
    [InlineData("com.example.absent")]
    [InlineData("app.bsky.feed.post#absent")]
    public void Resolve_Missing_ReturnsNull(string reference)
    {
        Assert.Null(LexiconCatalog.Default.Resolve(reference));
    }

    [Theory]
    [InlineData("#replyRef")]
    [InlineData("not a ref")]
    [InlineData("app.bsky.feed.post#a#b")]
    public void Resolve_MalformedOrRelativeWithoutContext_Throws(string reference)
    {
        Assert.Throws<ArgumentException>(() => LexiconCatalog.Default.Resolve(reference));
    }

    [Fact]
    public void Add_ToCopy_LeavesSourceUnchangedAndRejectsDuplicates()
    {
        var copy = new LexiconCatalog(LexiconCatalog.Default);
        var document = Document("com.example.added");

        copy.Add(document);

        Assert.Equal(LexiconCatalog.Default.Count + 1, copy.Count);
        Assert.Null(LexiconCatalog.Default.GetDocument(document.Id));
        Assert.Same(document.Main, copy.Resolve("com.example.added#main"));
        Assert.Throws<InvalidOperationException>(() => copy.Add(Document("com.example.added")));
        Assert.Throws<InvalidOperationException>(() => copy.AddRange([Document("com.example.a"), Document("com.example.a")]));
        Assert.Null(copy.GetDocument(Nsid.Parse("com.example.a")));
    }

    [Fact]
    public void FindUnresolvedReferences_ListsMissingTargets()
    {
        var catalog = new LexiconCatalog();
        catalog.Add(LexiconDocument.Parse("""
            {"lexicon":1,"id":"com.example.refs","defs":{"main":{"type":"object","properties":{
              "a":{"type":"ref","ref":"#here"},"b":{"type":"union","refs":["com.example.gone","#here"]}}},
              "here":{"type":"array","items":{"type":"ref","ref":"com.example.other#x"}}}}
            """));

        Assert.Equal(["com.example.refs -> com.example.gone#main", "com.example.refs -> com.example.other#x"], catalog.FindUnresolvedReferences());
    }

    private static LexiconDocument Document(string id) =>
        LexiconDocument.Parse("""{"lexicon":1,"id":"ID","defs":{"main":{"type":"token"}}}""".Replace("ID", id, StringComparison.Ordinal));
}
