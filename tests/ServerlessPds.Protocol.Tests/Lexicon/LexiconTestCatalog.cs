using ServerlessPds.Protocol.Lexicon;
using ServerlessPds.Protocol.Tests.Interop;

namespace ServerlessPds.Protocol.Tests.Lexicon;

/// <summary>The embedded schemas plus the interop catalog (lexicon/catalog/*.json), shared by the lexicon tests.</summary>
internal static class LexiconTestCatalog
{
    private static readonly Lazy<LexiconCatalog> Catalog = new(Create);

    /// <summary>Gets the paths of the interop catalog files, relative to the interop root.</summary>
    public static IReadOnlyList<string> Files { get; } =
        [.. Directory.EnumerateFiles(Path.Combine(InteropVectors.Root, "lexicon", "catalog"), "*.json")
            .Select(f => "lexicon/catalog/" + Path.GetFileName(f))
            .Order(StringComparer.Ordinal)];

    /// <summary>Gets the shared catalog (a writable copy of the default one, plus the interop documents).</summary>
    public static LexiconCatalog Instance => Catalog.Value;

    private static LexiconCatalog Create()
    {
        var catalog = new LexiconCatalog(LexiconCatalog.Default);
        catalog.AddRange(Files.Select(f => LexiconDocument.FromJson(InteropVectors.JsonDocumentRoot(f))));
        return catalog;
    }
}
