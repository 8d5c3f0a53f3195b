using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Testing;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// The real host with in-memory storage (<c>Pds:Storage:Mode=memory</c>), no invite codes, user domain <c>.test</c>,
/// and an <see cref="InMemoryPlcDirectory"/> in place of the PLC directory, plus JSON helpers for XRPC calls.
/// </summary>
public sealed class PdsApiFactory : PdsWebApplicationFactory
{
    public const string PublicUrl = "https://pds.example.com";

    private readonly Action<IServiceCollection>? _configureServices;

    public PdsApiFactory()
        : this(null, null)
    {
    }

    /// <summary>Initializes a factory that also applies <paramref name="configureServices"/> to the host's services (after the PLC directory).</summary>
    public PdsApiFactory(Action<IServiceCollection> configureServices)
        : this(null, configureServices)
    {
    }

    /// <summary>
    /// Initializes the factory with extra settings (e.g. <c>Pds:Crawlers:0</c>) that override the defaults above, and
    /// optionally <paramref name="configureServices"/> applied to the host's services (after the PLC directory).
    /// </summary>
    public PdsApiFactory(IReadOnlyDictionary<string, string?>? extra, Action<IServiceCollection>? configureServices = null)
        : base(WithDefaults(extra))
    {
        _configureServices = configureServices;
    }

    public InMemoryPlcDirectory Plc { get; } = new();

    /// <summary>Gets the complete settings of a factory made with no extra settings, for another host of the same PDS.</summary>
    public static Dictionary<string, string?> Settings() => TestSettings.ValidInMemory(WithDefaults(null));

    private static Dictionary<string, string?> WithDefaults(IReadOnlyDictionary<string, string?>? extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pds:Storage:Mode"] = "memory",
            ["Pds:Storage:ConnectionString"] = null,
            ["Pds:InviteRequired"] = "false",
            ["Pds:UserDomains:0"] = ".test",
            ["Pds:PublicUrl"] = PublicUrl,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IPlcDirectory>(Plc);
            _configureServices?.Invoke(services);
        });
    }

    /// <summary>Creates an account and returns its DID, handle and tokens.</summary>
    public async Task<TestAccount> CreateAccountAsync(string name, string password = "password-123")
    {
        using var client = CreateClient();
        return await XrpcTestCalls.CreateAccountAsync(client, name, password);
    }

    /// <summary>Calls an XRPC method; a GET takes <paramref name="body"/> as query parameters.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Json)> CallAsync(
        HttpMethod method, string nsid, object? body = null, string? token = null, AuthenticationHeaderValue? authorization = null)
    {
        using var client = CreateClient();
        return await XrpcTestCalls.CallAsync(client, method, nsid, body, token, authorization);
    }

    /// <summary>Sends an XRPC request and returns the raw response.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string nsid, object? body = null, string? token = null, AuthenticationHeaderValue? authorization = null)
    {
        using var client = CreateClient();
        return await XrpcTestCalls.SendAsync(client, method, nsid, body, token, authorization);
    }

    public static AuthenticationHeaderValue Admin() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + TestSettings.AdminPassword)));
}
