using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServerlessPds.Host;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Testing;
using ServerlessPds.Testing.Fuzz;

namespace ServerlessPds.Benchmarks;

/// <summary>
/// The long HTTP fuzz run of issue 15: the real host on Kestrel (loopback, in-memory storage) in this process, every
/// mapped route, <c>--iterations</c> rounds of every kind of <see cref="HttpFuzzer"/> request. Prints requests sent,
/// statuses seen, the 5xx count and peak memory; exits 1 on any 5xx or rule violation.
/// </summary>
internal static class HttpFuzzBenchmark
{
    public static async Task<int> RunAsync(int iterations, int seed)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pds:Hostname"] = "pds.example.com",
            ["Pds:PublicUrl"] = "https://pds.example.com",
            ["Pds:AdminPassword"] = "fuzz-admin-password",
            ["Pds:JwtSecret"] = "0123456789abcdef0123456789abcdef0123456789abcdef",
            ["Pds:KeyEncryptionKey"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            ["Pds:Storage:Mode"] = "memory",
            ["Pds:InviteRequired"] = "false",
            ["Pds:UserDomains:0"] = ".test",
        });
        builder.Logging.ClearProviders();
        builder.AddPdsHost();
        builder.Services.AddSingleton<IPlcDirectory>(new InMemoryPlcDirectory());
        await using var app = builder.Build();
        if (!app.TryValidateConfiguration(Console.Error))
        {
            return 2;
        }

        app.UsePdsHost();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromMinutes(2) };
        var account = await PostAsync(client, "com.atproto.server.createAccount", new { handle = "fuzz.test", email = "fuzz@example.com", password = "password-123" }, null);
        var appPassword = await PostAsync(client, "com.atproto.server.createAppPassword", new { name = "fuzz" }, account["accessJwt"]!.GetValue<string>());
        var session = await PostAsync(client, "com.atproto.server.createSession", new { identifier = "fuzz.test", password = appPassword["password"]!.GetValue<string>() }, null);
        var routes = FuzzRoutes.FromEndpoints(app.Services);
        Console.WriteLine($"http-fuzz: {routes.Count} routes, {iterations.ToString(CultureInfo.InvariantCulture)} rounds, seed {seed.ToString(CultureInfo.InvariantCulture)}");
        var watch = Stopwatch.StartNew();
        var result = await HttpFuzzer.RunAsync(client, routes, session["accessJwt"]!.GetValue<string>(), iterations, seed);
        HttpFuzzer.Print(result, Console.Out, watch.Elapsed);
        await app.StopAsync();
        return result.ServerErrors == 0 && result.Violations.Count == 0 ? 0 : 1;
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string nsid, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/" + nsid) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return response.IsSuccessStatusCode ? json : throw new InvalidOperationException($"{nsid}: {json.ToJsonString()}");
    }
}
