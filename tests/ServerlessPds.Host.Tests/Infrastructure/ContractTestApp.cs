using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// The real host composition on real Kestrel (a free loopback port), plus the test methods of
/// <see cref="TestEndpoints"/> that fail in every way a handler can. Shared by a test class.
/// </summary>
public class ContractTestApp : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public InMemoryLoggerProvider Logs { get; } = new();

    /// <summary>Gets settings laid over the valid ones, for a variant of the app.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(TestSettings.ValidInMemory());
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.AddPdsHost();
        _app = builder.Build();
        Assert.True(_app.TryValidateConfiguration(TextWriter.Null));
        _app.UsePdsHost();
        TestEndpoints.Map(_app.MapGroup("/xrpc"));
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
