using System.Collections.Concurrent;
using System.Text.Json;

namespace ServerlessPds.Protocol.Tests.Interop;

/// <summary>
/// Loads the official interop vectors from <c>tests/fixtures/interop</c> and records how many cases each file
/// contributed, so that <see cref="InteropCoverageTests"/> can prove that every file is exercised.
/// Every test that reads an interop file must read it through this class.
/// </summary>
public static class InteropVectors
{
    private static readonly ConcurrentDictionary<string, int> CaseCounts = new(StringComparer.Ordinal);

    /// <summary>Gets the absolute path of the repository root (the folder holding ServerlessPds.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Gets the absolute path of the interop fixtures folder.</summary>
    public static string Root => Path.Combine(RepoRoot, "tests", "fixtures", "interop");

    /// <summary>Gets the number of cases each file contributed so far, keyed by path relative to <see cref="Root"/>.</summary>
    public static IReadOnlyDictionary<string, int> Usage => CaseCounts;

    /// <summary>
    /// Reads the cases of a line-based file (syntax vectors): every line except empty lines and comments. A comment is
    /// <c>#</c> alone or <c>#</c> followed by a space; a line such as <c>#extra</c> or <c>#at://did:plc:asdf123</c> is a
    /// case (they appear in the invalid files). Lines are returned exactly, with any leading or trailing whitespace,
    /// because some cases test whitespace.
    /// </summary>
    /// <param name="relativePath">The path under <see cref="Root"/>, with forward slashes, e.g. <c>syntax/did_syntax_valid.txt</c>.</param>
    public static IReadOnlyList<string> Lines(string relativePath)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, relativePath))
            .Where(l => l.Length > 0 && l != "#" && !l.StartsWith("# ", StringComparison.Ordinal))
            .ToList();
        Record(relativePath, lines.Count);
        return lines;
    }

    /// <summary>Reads a JSON file whose root is an array; each element is one case.</summary>
    public static IReadOnlyList<JsonElement> JsonArray(string relativePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, relativePath)));
        var items = doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        Record(relativePath, items.Count);
        return items;
    }

    /// <summary>Reads a JSON file as one case (for example a lexicon document).</summary>
    public static JsonElement JsonDocumentRoot(string relativePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, relativePath)));
        Record(relativePath, 1);
        return doc.RootElement.Clone();
    }

    /// <summary>Reads a file's raw bytes as one case.</summary>
    public static byte[] Bytes(string relativePath)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, relativePath));
        Record(relativePath, 1);
        return bytes;
    }

    /// <summary>Wraps cases as xunit theory rows.</summary>
    public static TheoryData<T> Rows<T>(IEnumerable<T> cases)
    {
        var data = new TheoryData<T>();
        foreach (var c in cases)
        {
            data.Add(c);
        }

        return data;
    }

    private static void Record(string relativePath, int cases) =>
        CaseCounts[relativePath.Replace('\\', '/')] = cases;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServerlessPds.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (ServerlessPds.sln) above " + AppContext.BaseDirectory);
    }
}
