using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>The host exactly as <c>Program</c> composes it, on the in-memory test server, with <see cref="TestSettings"/> plus optional changes.</summary>
public class PdsWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public PdsWebApplicationFactory()
        : this(null)
    {
    }

    internal PdsWebApplicationFactory(IReadOnlyDictionary<string, string?>? changes)
    {
        _settings = TestSettings.ValidInMemory(changes);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
