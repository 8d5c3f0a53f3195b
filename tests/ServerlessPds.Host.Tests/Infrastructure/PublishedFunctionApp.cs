namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// Publishes the function app once per test class, exactly as deployment does
/// (<c>dotnet publish src/ServerlessPds.Functions -c Release -o DIR</c>), into a temporary directory.
/// </summary>
public sealed class PublishedFunctionApp : IAsyncLifetime
{
    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), "serverlesspds-publish-" + Guid.NewGuid().ToString("N"));

    public string PublishLog { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        using var publish = ChildProcess.Start(
            dotnet,
            ["publish", "src/ServerlessPds.Functions", "-c", "Release", "-o", OutputDirectory, "--nologo", "--disable-build-servers"],
            RepositoryPaths.Root,
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        var exited = await publish.WaitForExitAsync(TimeSpan.FromMinutes(15));
        PublishLog = publish.Output;
        Assert.True(exited && publish.ExitCode == 0, $"dotnet publish failed:\n{PublishLog}");
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
