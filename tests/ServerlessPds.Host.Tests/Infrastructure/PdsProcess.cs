using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// The built host (<c>ServerlessPds.Host.dll</c> next to the tests) run as its own OS process, standalone on a free
/// loopback port (<c>PDS_PORT</c>), configured only through environment variables: <see cref="TestSettings.Valid"/>
/// plus the given changes. Several processes on one storage account are several servers of one deployment.
/// </summary>
public sealed class PdsProcess : IDisposable
{
    private readonly ChildProcess _process;

    private PdsProcess(ChildProcess process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public HttpClient Client { get; }

    /// <summary>Gets what the process has logged so far.</summary>
    public string Output => _process.Output;

    /// <summary>Starts the host and waits until it listens.</summary>
    public static async Task<PdsProcess> StartAsync(IReadOnlyDictionary<string, string?> changes)
    {
        var port = FreePorts.Take(1)[0];
        var environment = TestSettings.Valid(changes).ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value);
        environment["PDS_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var process = ChildProcess.Start(dotnet, [Path.Combine(AppContext.BaseDirectory, "ServerlessPds.Host.dll")], AppContext.BaseDirectory, environment);
        try
        {
            await process.WaitForLineAsync(l => l.Contains("Now listening on: http://127.0.0.1:" + port, StringComparison.Ordinal), TimeSpan.FromMinutes(2));
            return new PdsProcess(process, port);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Calls an XRPC method on this instance; a GET takes <paramref name="body"/> as query parameters.</summary>
    public Task<(HttpStatusCode Status, JsonNode Json)> CallAsync(
        HttpMethod method, string nsid, object? body = null, string? token = null, AuthenticationHeaderValue? authorization = null) =>
        XrpcTestCalls.CallAsync(Client, method, nsid, body, token, authorization);

    public void Dispose()
    {
        Client.Dispose();
        _process.Dispose();
    }
}
