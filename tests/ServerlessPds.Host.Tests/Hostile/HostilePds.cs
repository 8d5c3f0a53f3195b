using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServerlessPds.Host.Tests.Infrastructure;

namespace ServerlessPds.Host.Tests.Hostile;

/// <summary>
/// The real host on real Kestrel (a free loopback port, in-memory storage) with every log entry kept, for the hostile
/// input tests: raw bodies, encodings and Content-Length headers reach the server as a client sends them.
/// </summary>
public sealed class HostilePds : IAsyncLifetime
{
    /// <summary>The blob upload limit this fixture's host runs with, in bytes (100 MiB).</summary>
    public const long BlobUploadLimitBytes = 104_857_600;

    private int _accounts;

    public HostilePds()
    {
        // In-memory storage keeps every accepted blob in the heap: the limit the fuzz suite's memory bound was set for
        // (100 MiB) rather than the 300 MiB default, so an accepted oversized upload does not count as a leak.
        Pds = new PdsApiFactory(
            new Dictionary<string, string?> { ["Pds:BlobUploadLimitBytes"] = BlobUploadLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            services => services.AddSingleton<ILoggerProvider>(Logs));
    }

    public PdsApiFactory Pds { get; }

    public InMemoryLoggerProvider Logs { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Pds.UseKestrel(0);
        Pds.StartServer();
        Client = Pds.CreateClient();
        Client.Timeout = TimeSpan.FromMinutes(2);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Pds.DisposeAsync();
    }

    /// <summary>Creates a fresh account.</summary>
    public Task<TestAccount> CreateAccountAsync(string hint = "hostile") =>
        XrpcTestCalls.CreateAccountAsync(Client, $"{hint}{Interlocked.Increment(ref _accounts)}");

    /// <summary>Posts raw bytes with the given headers and returns the status and the parsed body (an empty object when none).</summary>
    public async Task<(HttpStatusCode Status, JsonNode Json, HttpResponseMessage Response)> PostRawAsync(
        string nsid, HttpContent content, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/" + nsid) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode json;
        try
        {
            json = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException)
        {
            json = new JsonObject { ["raw"] = text };
        }

        return (response.StatusCode, json, response);
    }

    /// <summary>Makes a body of raw bytes with a content type and optional Content-Encoding.</summary>
    public static ByteArrayContent Body(byte[] bytes, string contentType, string? encoding = null)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return content;
    }

    /// <summary>Makes a JSON body from text, UTF-8 encoded.</summary>
    public static ByteArrayContent Json(string json) => Body(Encoding.UTF8.GetBytes(json), "application/json");

    /// <summary>Compresses bytes with an HTTP content coding: <c>gzip</c>, <c>deflate</c> (zlib) or <c>br</c>.</summary>
    public static byte[] Compress(string encoding, byte[] data) => Compress(encoding, output => output.Write(data));

    /// <summary>Compresses what <paramref name="write"/> writes with an HTTP content coding.</summary>
    public static byte[] Compress(string encoding, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        using (Stream compressor = encoding switch
               {
                   "gzip" => new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
                   "deflate" => new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
                   "br" => new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
                   _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
               })
        {
            write(compressor);
        }

        return buffer.ToArray();
    }

    /// <summary>Asserts an XRPC error answer: the status and a JSON body with a non-empty <c>error</c> name.</summary>
    public static void AssertXrpcError((HttpStatusCode Status, JsonNode Json, HttpResponseMessage Response) answer, HttpStatusCode status, string? error = null)
    {
        Assert.True(answer.Status == status, $"expected {(int)status}, got {(int)answer.Status}: {answer.Json.ToJsonString()}");
        var name = answer.Json["error"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(name), answer.Json.ToJsonString());
        if (error is not null)
        {
            Assert.Equal(error, name);
        }
    }
}
