using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>A relay on a real loopback HTTP listener: records every request (method, path, JSON body) and answers 200 <c>{}</c>.</summary>
public sealed class FakeRelay : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(string Method, string Path, JsonNode? Body)> _requests = Channel.CreateUnbounded<(string, string, JsonNode?)>();
    private readonly Task _loop;

    public FakeRelay()
    {
        var port = FreePorts.Take(1)[0];
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Gets the relay's base URL, e.g. <c>http://127.0.0.1:5123</c>.</summary>
    public string Url { get; }

    /// <summary>Waits for the next request (at most 30 s, then fails the test).</summary>
    public async Task<(string Method, string Path, JsonNode? Body)> NextAsync() =>
        await _requests.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Gets the requests received and not yet taken by <see cref="NextAsync"/>.</summary>
    public int Pending => _requests.Reader.Count;

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var text = await reader.ReadToEndAsync();
            _requests.Writer.TryWrite((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, text.Length == 0 ? null : JsonNode.Parse(text)));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
            context.Response.Close();
        }
    }
}
