using System.Text.Json;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Functions;

/// <summary>
/// <c>dotnet publish src/ServerlessPds.Functions</c> gives a deployable isolated-worker app: the repository's
/// <c>host.json</c> (no custom handler, no route prefix), the worker's <c>functions.metadata</c> listing each HTTP
/// trigger with its route and each timer trigger with its schedule, and the worker configuration naming the assembly.
/// </summary>
[Trait("Category", "Publish")]
public class FunctionAppPublishTests(PublishedFunctionApp published) : IClassFixture<PublishedFunctionApp>
{
    private static readonly string[] AllMethods = ["delete", "get", "head", "options", "patch", "post", "put"];

    [Fact]
    public void PublishOutput_HostJson_IsTheRepositoryOneForTheIsolatedWorker()
    {
        var hostJsonPath = Path.Combine(published.OutputDirectory, "host.json");

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")), File.ReadAllText(hostJsonPath));
        using var hostJson = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        Assert.False(hostJson.RootElement.TryGetProperty("customHandler", out _));
        Assert.Equal("2.0", hostJson.RootElement.GetProperty("version").GetString());
        Assert.Equal("", hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Empty(Directory.GetFiles(published.OutputDirectory, "function.json", SearchOption.AllDirectories));
        var durable = hostJson.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("%TaskHubName%", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureWebJobsStorage", durable.GetProperty("storageProvider").GetProperty("connectionName").GetString());
    }

    [Fact]
    public void PublishOutput_FunctionsMetadata_ListsTheHttpRoutesAndTimers()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.OutputDirectory, "functions.metadata")));
        var functions = metadata.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
        var http = new Dictionary<string, string>
        {
            ["xrpc"] = "xrpc/{nsid}",
            ["health"] = "xrpc/_health",
            ["atproto-did"] = ".well-known/atproto-did",
            ["did-json"] = ".well-known/did.json",
            ["webpubsub-events"] = "webpubsub/events",
            ["root"] = "{*path}",
        };
        var timers = new Dictionary<string, string>
        {
            ["outbox-sweep"] = "*/30 * * * * *",
            ["blob-gc"] = "0 */10 * * * *",
            ["event-retention"] = "0 */5 * * * *",
        };

        var durable = new Dictionary<string, string>
        {
            [ServerlessPds.Durable.RepoEntity.Name] = "entityTrigger",
            [ServerlessPds.Durable.ApplyWritesOrchestrator.Name] = "orchestrationTrigger",
        };

        Assert.Equal(http.Keys.Concat(timers.Keys).Concat(durable.Keys).Order(), functions.Keys.Order());
        foreach (var (name, type) in durable)
        {
            Assert.Single(functions[name].GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == type);
        }

        Assert.Single(functions["xrpc"].GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "durableClient");
        foreach (var (name, route) in http)
        {
            var bindings = functions[name].GetProperty("bindings").EnumerateArray().ToList();
            var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.Equal(route, trigger.GetProperty("route").GetString());
            Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
            Assert.Equal(AllMethods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order());
            Assert.Contains(bindings, b => b.GetProperty("type").GetString() == "http");
            Assert.Equal("ServerlessPds.Functions.dll", functions[name].GetProperty("scriptFile").GetString());
        }

        foreach (var (name, schedule) in timers)
        {
            var trigger = Assert.Single(functions[name].GetProperty("bindings").EnumerateArray());
            Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal(schedule, trigger.GetProperty("schedule").GetString());
        }
    }

    [Fact]
    public void PublishOutput_WorkerConfig_StartsTheWorkerAssemblyWithItsExtensions()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.OutputDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("ServerlessPds.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.True(File.Exists(Path.Combine(published.OutputDirectory, "ServerlessPds.Functions.dll")));
        Assert.True(File.Exists(Path.Combine(published.OutputDirectory, "ServerlessPds.Host.dll")));
        Assert.True(File.Exists(Path.Combine(published.OutputDirectory, ".azurefunctions", "Microsoft.Azure.Functions.Worker.Extensions.dll")));
    }
}
