using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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
        : this(null)
    {
    }

    /// <summary>Initializes a factory that also applies <paramref name="configureServices"/> to the host's services (after the PLC directory).</summary>
    public PdsApiFactory(Action<IServiceCollection>? configureServices)
        : base(new Dictionary<string, string?>
        {
            ["Pds:Storage:Mode"] = "memory",
            ["Pds:Storage:ConnectionString"] = null,
            ["Pds:InviteRequired"] = "false",
            ["Pds:UserDomains:0"] = ".test",
            ["Pds:PublicUrl"] = PublicUrl,
        })
    {
        _configureServices = configureServices;
    }

    public InMemoryPlcDirectory Plc { get; } = new();

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
        var (status, json) = await CallAsync(HttpMethod.Post, "com.atproto.server.createAccount",
            new { handle = $"{name}.test", email = $"{name}@example.com", password });
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        return new TestAccount(json["did"]!.GetValue<string>(), json["handle"]!.GetValue<string>(), password,
            json["accessJwt"]!.GetValue<string>(), json["refreshJwt"]!.GetValue<string>());
    }

    /// <summary>Calls an XRPC method; a GET takes <paramref name="body"/> as query parameters.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Json)> CallAsync(
        HttpMethod method, string nsid, object? body = null, string? token = null, AuthenticationHeaderValue? authorization = null)
    {
        using var response = await SendAsync(method, nsid, body, token, authorization);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!);
    }

    /// <summary>Sends an XRPC request and returns the raw response.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string nsid, object? body = null, string? token = null, AuthenticationHeaderValue? authorization = null)
    {
        using var client = CreateClient();
        var path = "/xrpc/" + nsid;
        if (method == HttpMethod.Get && body is not null)
        {
            var query = JsonSerializer.SerializeToElement(body).EnumerateObject()
                .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())}");
            path += "?" + string.Join('&', query);
        }

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = authorization ?? (token is null ? null : new AuthenticationHeaderValue("Bearer", token));
        if (method == HttpMethod.Post)
        {
            request.Content = body is string raw ? new StringContent(raw, Encoding.UTF8, "application/json") : JsonContent.Create(body ?? new { });
        }

        return await client.SendAsync(request);
    }

    public static AuthenticationHeaderValue Admin() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + TestSettings.AdminPassword)));
}
