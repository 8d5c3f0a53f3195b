using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>
/// A response as a server (Kestrel, the Functions worker's server) keeps it, into memory: the status and headers are
/// sent when the body is first written, flushed or completed, and <c>OnStarting</c> callbacks (CORS, rate-limit headers)
/// run just before, last registered first. <see cref="DefaultHttpContext"/>'s own response feature never runs them.
/// </summary>
public sealed class ServerResponseFeature : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _starting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _completed = [];
    private readonly StartingStream _stream;
    private PipeWriter? _writer;

    public ServerResponseFeature() => _stream = new StartingStream(this);

    public MemoryStream Buffer { get; } = new();

    public int StatusCode { get; set; } = 200;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    [Obsolete("Use IHttpResponseBodyFeature.Stream.")]
    public Stream Body
    {
        get => _stream;
        set => throw new NotSupportedException();
    }

    public bool HasStarted { get; private set; }

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_stream);

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (HasStarted)
        {
            throw new InvalidOperationException("The response has already started.");
        }

        _starting.Insert(0, (callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state) => _completed.Insert(0, (callback, state));

    public void DisableBuffering()
    {
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }

        foreach (var (callback, state) in _starting)
        {
            await callback(state);
        }

        HasStarted = true;
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        await SendFileFallback.SendFileAsync(Buffer, path, offset, count, cancellationToken);
    }

    public async Task CompleteAsync()
    {
        await StartAsync();
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }

        foreach (var (callback, state) in _completed)
        {
            await callback(state);
        }

        _completed.Clear();
    }

    private sealed class StartingStream(ServerResponseFeature response) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => response.StartAsync().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => response.StartAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            response.StartAsync().GetAwaiter().GetResult();
            response.Buffer.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await response.StartAsync(cancellationToken);
            await response.Buffer.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
