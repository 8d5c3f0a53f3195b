using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ServerlessPds.Host.Tests.Identity;

/// <summary>
/// A fake DNS server and a real HTTP server (Kestrel on loopback) that answer for made-up handles: each handle's
/// /.well-known/atproto-did answer is chosen by the Host header, and an HttpClient connects every host to that server.
/// </summary>
public sealed class HandleServersFixture : IAsyncLifetime
{
    private WebApplication? _app;

    internal FakeDnsServer Dns { get; } = new();

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/.well-known/atproto-did", async (HttpContext context) =>
        {
            var host = context.Request.Host.Host;
            switch (host.Split('.')[0])
            {
                case "good":
                    await context.Response.WriteAsync("did:plc:ewvi7nxzyoun6zhxrhs64oiz\n");
                    break;
                case "padded":
                    await context.Response.WriteAsync("  did:web:padded.example.com \r\nsecond line");
                    break;
                case "garbage":
                    await context.Response.WriteAsync("hello world");
                    break;
                case "huge":
                    await context.Response.WriteAsync("did:plc:" + new string('a', 5000));
                    break;
                case "slow":
                    await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
                    await context.Response.WriteAsync("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
                    break;
                case "error":
                    context.Response.StatusCode = 500;
                    await context.Response.WriteAsync("did:plc:ewvi7nxzyoun6zhxrhs64oiz");
                    break;
                case "http":
                    await context.Response.WriteAsync("did:plc:httphttphttphttphttphttp");
                    break;
                default:
                    context.Response.StatusCode = 404;
                    break;
            }
        });
        await _app.StartAsync();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var port = address.Port;
        Http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        });

        // Warm up Kestrel and the client so that the resolver's short timeout measures the request, not JIT.
        using var warmup = await Http.GetAsync(new Uri("http://good.example.com/.well-known/atproto-did"));
        warmup.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Dns.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
