using System.Net;
using System.Net.Http.Headers;
using ServerlessPds.Host.Tests.Infrastructure;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Host.Tests.Hostile;

/// <summary>
/// Issue 15, item 1 (bounded concurrent imports): while <see cref="RepoImporter.MaxConcurrentImports"/> importRepo
/// calls are held open by slow streamed bodies, a third answers 429 <c>RateLimitExceeded</c> at once; the two held
/// ones then complete, and an import after them is accepted again.
/// </summary>
public sealed class HostileImportConcurrencyTests(HostilePds app) : IClassFixture<HostilePds>, IDisposable
{
    // A plain client to the same Kestrel port: the factory's client buffers a request body whole before sending it
    // (its redirect handler), which would never start a held import.
    private readonly HttpClient _direct = new() { BaseAddress = app.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public void Dispose() => _direct.Dispose();

    [Fact]
    public async Task ThirdConcurrentImport_Is429_WhileTwoHeldOpen_Complete()
    {
        Assert.Equal(2, RepoImporter.MaxConcurrentImports);
        var held = new[] { await PreparedAsync("importa"), await PreparedAsync("importb") };
        var third = await PreparedAsync("importc");
        var bodies = held.Select(h => new SlowCarContent(h.Car)).ToArray();

        // Each held import sends half its CAR, then waits: the server is inside the import, reading the rest.
        var running = held.Zip(bodies).Select(p => SendImportAsync(p.First.Account, p.Second)).ToArray();
        await Task.WhenAll(bodies.Select(b => b.HalfSent));

        // The server may not have reached the import of both yet: ask again until it refuses, at most for 10 s. Until
        // then the third is an ordinary import (200). Without the cap it never refuses and the test fails.
        HttpStatusCode status;
        string text;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            using var answer = await SendImportAsync(third.Account, new ByteArrayContent(third.Car));
            (status, text) = (answer.StatusCode, await answer.Content.ReadAsStringAsync());
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)status} {text}");
        }
        while (status != HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline && !await Delay());

        Assert.True(status == HttpStatusCode.TooManyRequests, $"the third import answered {(int)status} {text}; held imports: {string.Join(", ", running.Select(r => r.IsCompleted ? $"answered {(int)r.Result.StatusCode} {r.Result.Content.ReadAsStringAsync().Result}" : "open"))}");
        Assert.Contains("\"error\":\"RateLimitExceeded\"", text, StringComparison.Ordinal);
        Assert.Contains($"at most {RepoImporter.MaxConcurrentImports}", text, StringComparison.Ordinal);
        Assert.All(running, r => Assert.False(r.IsCompleted, "a held import answered before its body ended"));

        foreach (var body in bodies)
        {
            body.Release();
        }

        for (var i = 0; i < held.Length; i++)
        {
            using var answer = await running[i];
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.NotEqual(held[i].Rev, await RevAsync(held[i].Account));
        }

        using var after = await SendImportAsync(third.Account, new ByteArrayContent(third.Car));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(20);
        return false;
    }

    /// <summary>Creates an account with one record and exports its repo: a CAR its own importRepo accepts.</summary>
    private async Task<(TestAccount Account, byte[] Car, string Rev)> PreparedAsync(string hint)
    {
        var account = await app.CreateAccountAsync(hint);
        var (created, json) = await XrpcTestCalls.CallAsync(app.Client, HttpMethod.Post, "com.atproto.repo.createRecord",
            new { repo = account.Did, collection = "com.example.note", record = new { text = hint } }, account.AccessJwt);
        Assert.Equal(HttpStatusCode.OK, created);
        var rev = json["commit"]!["rev"]!.GetValue<string>();
        using var exported = await app.Client.GetAsync($"/xrpc/com.atproto.sync.getRepo?did={Uri.EscapeDataString(account.Did)}");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        return (account, await exported.Content.ReadAsByteArrayAsync(), rev);
    }

    private async Task<string> RevAsync(TestAccount account)
    {
        var (status, json) = await XrpcTestCalls.CallAsync(app.Client, HttpMethod.Get, "com.atproto.sync.getLatestCommit", new { did = account.Did });
        Assert.Equal(HttpStatusCode.OK, status);
        return json["rev"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> SendImportAsync(TestAccount account, HttpContent car)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/xrpc/com.atproto.repo.importRepo") { Content = car };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ipld.car");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.AccessJwt);
        return _direct.SendAsync(request);
    }

    /// <summary>A CAR body sent chunked: the first half, then nothing until <see cref="Release"/>, then the rest.</summary>
    private sealed class SlowCarContent(byte[] car) : HttpContent
    {
        private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HalfSent => _halfSent.Task;

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = car.Length / 2;
            await stream.WriteAsync(car.AsMemory(0, half));
            await stream.FlushAsync();
            _halfSent.TrySetResult();
            await _released.Task;
            await stream.WriteAsync(car.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
