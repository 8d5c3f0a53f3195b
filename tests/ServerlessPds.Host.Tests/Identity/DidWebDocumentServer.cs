using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Tests.Identity;

/// <summary>
/// A real HTTP server (Kestrel on <c>localhost</c> at a free port) that serves one DID document at
/// <c>/.well-known/did.json</c>: the host of <see cref="Did"/>, a <c>did:web:localhost%3A&lt;port&gt;</c> hosted elsewhere
/// than the PDS. <see cref="Document"/> can be changed at any time; <see langword="null"/> answers 404.
/// </summary>
public sealed class DidWebDocumentServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DidWebDocumentServer(WebApplication app, Did did)
    {
        _app = app;
        Did = did;
    }

    public Did Did { get; }

    public DidDocument? Document { get; set; }

    /// <summary>Gets how many times the document was asked for.</summary>
    public int Requests => _requests;

    private int _requests;

    public static async Task<DidWebDocumentServer> StartAsync()
    {
        var port = FreePorts.Take(1)[0];
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        var app = builder.Build();
        var server = new DidWebDocumentServer(app, DidWeb.FromHost("localhost", port));
        app.MapGet("/.well-known/did.json", () =>
        {
            Interlocked.Increment(ref server._requests);
            return server.Document is { } document ? Results.Text(document.ToJson(), "application/json") : Results.NotFound();
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
