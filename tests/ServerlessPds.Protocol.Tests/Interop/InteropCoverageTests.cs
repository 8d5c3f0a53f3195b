using System.Collections;
using System.Reflection;
using Xunit.Abstractions;

namespace ServerlessPds.Protocol.Tests.Interop;

/// <summary>
/// Fails when a file of the official interop vectors is not read by any theory's data source, and prints how many
/// cases each file contributed. It calls every <c>[MemberData]</c> source in this assembly, so a file counts as used
/// only when a real test draws its cases from it through <see cref="InteropVectors"/>.
/// </summary>
public class InteropCoverageTests(ITestOutputHelper output)
{
    /// <summary>Files that hold no test cases, with the reason they are exempt.</summary>
    private static readonly Dictionary<string, string> NotCases = new(StringComparer.Ordinal)
    {
        ["README.md"] = "upstream's readme",
        ["LICENSE-CC0"] = "upstream's licence",
        ["SOURCE.md"] = "our note of where the copy came from",
        ["mst/gen_keys.py"] = "the generator of mst/example_keys.txt, whose keys are tested",
    };

    [Fact]
    public void EveryInteropFile_ContributesCases()
    {
        foreach (var source in MemberDataSources())
        {
            if (source.Invoke(null, source.GetParameters().Length == 0 ? null : new object?[source.GetParameters().Length]) is IEnumerable rows)
            {
                foreach (var _ in rows)
                {
                }
            }
        }

        var files = Directory.EnumerateFiles(InteropVectors.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(InteropVectors.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var unused = new List<string>();
        foreach (var file in files)
        {
            if (NotCases.TryGetValue(file, out var why))
            {
                output.WriteLine($"{file,-48} exempt: {why}");
            }
            else if (InteropVectors.Usage.TryGetValue(file, out var count) && count > 0)
            {
                output.WriteLine($"{file,-48} {count,5} cases");
            }
            else
            {
                unused.Add(file);
            }
        }

        output.WriteLine($"total: {InteropVectors.Usage.Values.Sum()} cases from {InteropVectors.Usage.Count} files");
        Assert.True(unused.Count == 0, "Interop files no test uses: " + string.Join(", ", unused));
    }

    [Fact]
    public void InteropCopy_MatchesShared_WhenSharedIsPresent()
    {
        var shared = Path.GetFullPath(Path.Combine(InteropVectors.RepoRoot, "..", "shared", "interop"));
        if (!Directory.Exists(shared))
        {
            output.WriteLine("../shared/interop is not beside this checkout; nothing to compare.");
            return;
        }

        foreach (var file in Directory.EnumerateFiles(shared, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(shared, file);
            if (relative == ".gitignore")
            {
                continue;
            }

            var copy = Path.Combine(InteropVectors.Root, relative);
            Assert.True(File.Exists(copy), $"{relative} is in ../shared/interop but not in tests/fixtures/interop");
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(copy)), $"{relative} differs from ../shared/interop");
        }
    }

    private static IEnumerable<MethodInfo> MemberDataSources()
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        foreach (var type in typeof(InteropCoverageTests).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static))
            {
                foreach (var attribute in method.GetCustomAttributes<MemberDataAttribute>())
                {
                    var owner = attribute.MemberType ?? type;
                    if (owner.GetMethod(attribute.MemberName, flags) is { } source)
                    {
                        yield return source;
                    }
                    else if (owner.GetProperty(attribute.MemberName, flags)?.GetMethod is { } getter)
                    {
                        yield return getter;
                    }
                }
            }
        }
    }
}
