using System.Diagnostics;
using System.Text.Json.Nodes;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Deployment;

/// <summary>
/// <c>infra/main.bicep</c> compiled to an ARM template by the Bicep CLI from NuGet (restored into <c>.tools/</c> as
/// <c>scripts/check-infra</c> does, when it is not there yet), once per test class, into a temporary folder.
/// </summary>
public sealed class CompiledInfraTemplate : IDisposable
{
    public const string BicepVersion = "0.49.2";

    private readonly string _outDir = Directory.CreateTempSubdirectory("pds-infra-").FullName;

    public CompiledInfraTemplate()
    {
        var root = RepositoryPaths.Root;
        var tools = Path.Combine(root, ".tools");
        var bicep = Path.Combine(tools, "azure.bicep.commandline.linux-x64", BicepVersion, "tools", "bicep");
        if (!File.Exists(bicep))
        {
            Run("dotnet", ["restore", Path.Combine(root, "infra", "tools", "bicep-cli.csproj"), "--packages", tools], root);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
            }
        }

        Run(bicep, ["build", Path.Combine(root, "infra", "main.bicep"), "--outdir", _outDir], root);
        Template = JsonNode.Parse(File.ReadAllText(Path.Combine(_outDir, "main.json")))!.AsObject();
    }

    /// <summary>Gets the compiled subscription-scope template.</summary>
    public JsonObject Template { get; }

    /// <summary>Gets the template of the nested deployment (module) with this deployment name, e.g. <c>appsettings</c>.</summary>
    public JsonObject Module(string deploymentName) =>
        Template["resources"]!.AsArray()
            .Single(r => (string?)r!["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == deploymentName)!
            ["properties"]!["template"]!.AsObject();

    /// <summary>Gets the one resource of a type in a module's template.</summary>
    public static JsonObject Resource(JsonObject module, string type) =>
        module["resources"]!.AsArray().Single(r => (string?)r!["type"] == type)!.AsObject();

    public void Dispose() => Directory.Delete(_outDir, recursive: true);

    private static void Run(string file, string[] arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 5 minutes.");
        }

        if (process.ExitCode != 0 || stderr.Result.Contains("Warning", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
    }
}
