using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// One PDS host exactly as <c>Program</c> composes it (its own DI container, caches and background services) on real
/// Kestrel at a free loopback port, with the given settings and PLC directory. Several instances on one storage
/// account are several servers of one deployment.
/// </summary>
public sealed class PdsInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PdsInstance(WebApplication app)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts an instance with <see cref="TestSettings.Valid"/> plus <paramref name="changes"/>.</summary>
    public static async Task<PdsInstance> StartAsync(IReadOnlyDictionary<string, string?> changes, IPlcDirectory plc)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(TestSettings.Valid(changes));
        builder.Logging.ClearProviders();
        builder.AddPdsHost();
        builder.Services.AddSingleton(plc);
        var app = builder.Build();
        Assert.True(app.TryValidateConfiguration(TextWriter.Null));
        app.UsePdsHost();
        await app.StartAsync();
        return new PdsInstance(app);
    }

    /// <summary>Calls an XRPC method on this instance; a GET takes <paramref name="body"/> as query parameters.</summary>
    public Task<(HttpStatusCode Status, JsonNode Json)> CallAsync(
        HttpMethod method, string nsid, object? body = null, string? token = null, AuthenticationHeaderValue? authorization = null) =>
        XrpcTestCalls.CallAsync(Client, method, nsid, body, token, authorization);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
