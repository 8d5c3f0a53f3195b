using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Functions;

/// <summary>
/// The publish output is an Azure Functions custom handler app (root host.json, one catch-all function, the executable
/// host.json names), and the executable serves XRPC when started the way the Functions host starts it.
/// </summary>
[Trait("Category", "Publish")]
public partial class FunctionsCustomHandlerTests(PublishedHost published) : IClassFixture<PublishedHost>
{
    [Fact]
    public void PublishOutput_HostJson_IsTheRepositoryOneAndNamesThePublishedExecutable()
    {
        var hostJsonPath = Path.Combine(published.OutputDirectory, "host.json");

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")), File.ReadAllText(hostJsonPath));
        using var hostJson = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        var handler = hostJson.RootElement.GetProperty("customHandler");
        var executable = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        var executablePath = Path.Combine(published.OutputDirectory, executable);
        Assert.True(File.Exists(executablePath), $"{executable} is not in the publish output");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(executablePath).HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable");
        }

        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("", hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void PublishOutput_CatchAllFunction_ForwardsEveryPathAndMethodAnonymously()
    {
        var functions = Directory.GetFiles(published.OutputDirectory, "function.json", SearchOption.AllDirectories);
        var functionJson = Assert.Single(functions);
        var functionName = Path.GetFileName(Path.GetDirectoryName(functionJson))!;

        Assert.Equal(published.OutputDirectory, Path.GetDirectoryName(Path.GetDirectoryName(functionJson)));
        Assert.Matches(FunctionName(), functionName);
        using var json = JsonDocument.Parse(File.ReadAllText(functionJson));
        var bindings = json.RootElement.GetProperty("bindings").EnumerateArray().ToList();
        Assert.Equal(2, bindings.Count);
        var trigger = bindings[0];
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("in", trigger.GetProperty("direction").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal(
            ["delete", "get", "head", "options", "patch", "post", "put"],
            trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Order());
        Assert.Equal("http", bindings[1].GetProperty("type").GetString());
        Assert.Equal("out", bindings[1].GetProperty("direction").GetString());
    }

    [Fact]
    public async Task Executable_StartedLikeTheFunctionsHost_ServesXrpcBehindIt()
    {
        var port = FreePorts.Take(1)[0];
        var environment = TestSettings.Environment().ToDictionary(p => p.Key, p => (string?)p.Value);
        environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["FUNCTIONS_WORKER_RUNTIME"] = "Custom";
        environment["AzureWebJobsScriptRoot"] = published.OutputDirectory;
        using var handler = ChildProcess.Start(Path.Combine(published.OutputDirectory, "ServerlessPds.Host"), [], published.OutputDirectory, environment);
        await handler.WaitForLineAsync(l => l.Contains($"Now listening on: http://localhost:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var describe = await client.SendAsync(ForwardedByFunctionsHost("/xrpc/com.atproto.server.describeServer"));
        using var unknown = await client.SendAsync(ForwardedByFunctionsHost("/xrpc/com.example.notHere"));

        Assert.Equal(HttpStatusCode.OK, describe.StatusCode);
        using var description = JsonDocument.Parse(await describe.Content.ReadAsStringAsync());
        Assert.Equal("did:web:pds.example.com", description.RootElement.GetProperty("did").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode); // proxied to the AppView, which needs a session
        Assert.Equal("application/json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{\"error\":\"AuthenticationRequired\",\"message\":\"AuthenticationRequired\"}", await unknown.Content.ReadAsStringAsync());
        await handler.WaitForLineAsync(
            l => l.Contains("GET /xrpc/com.atproto.server.describeServer 200", StringComparison.Ordinal)
                && l.Contains("client=203.0.113.7 https://pds.example.com", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Executable_WithoutConfiguration_ExitsWithOneMessagePerSetting()
    {
        using var handler = ChildProcess.Start(
            Path.Combine(published.OutputDirectory, "ServerlessPds.Host"),
            [],
            published.OutputDirectory,
            new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = FreePorts.Take(1)[0].ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(await handler.WaitForExitAsync(TimeSpan.FromSeconds(60)), handler.Output);
        Assert.Equal(78, handler.ExitCode);
        var lines = handler.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ServerlessPds cannot start: the configuration is invalid.", lines[0]);
        Assert.Equal(
            ["Pds__Hostname", "Pds__AdminPassword", "Pds__JwtSecret", "Pds__KeyEncryptionKey", "Pds__Storage__ConnectionString"],
            lines.Skip(1).Select(l => l["  - ".Length..].Split(' ')[0]));
        Assert.DoesNotContain("Exception", handler.Output, StringComparison.Ordinal);
    }

    private static HttpRequestMessage ForwardedByFunctionsHost(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "pds.example.com");
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.300.1");
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1040.300.1");
        return request;
    }

    /// <summary>The Functions host's rule for function (folder) names.</summary>
    [GeneratedRegex("^[a-z][a-z0-9_\\-]{0,127}$", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionName();
}
