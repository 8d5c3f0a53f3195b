using System.Net.WebSockets;
using System.Threading.Channels;

namespace ServerlessPds.FakeWebPubSub;

/// <summary>One client WebSocket held by the fake: REST sends queue here and go out in the order they were accepted; a REST close goes after them.</summary>
internal sealed class FakeConnection(string id, string hub, WebSocket socket, string? state)
{
    private readonly Channel<(byte[]? Bytes, WebSocketMessageType Type, string? CloseReason)> _outbox = Channel.CreateUnbounded<(byte[]?, WebSocketMessageType, string?)>();

    public string Id { get; } = id;

    public string Hub { get; } = hub;

    public string? State { get; } = state;

    public long MessagesSent;

    public bool Enqueue(byte[] bytes, WebSocketMessageType type) => _outbox.Writer.TryWrite((bytes, type, null));

    public void Close(string reason)
    {
        _outbox.Writer.TryWrite((null, WebSocketMessageType.Close, reason));
        _outbox.Writer.TryComplete();
    }

    /// <summary>Runs until the client or a REST close ends the connection; returns the reason.</summary>
    public async Task<string> RunAsync(CancellationToken stopping)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var receiving = ReceiveAsync(gone);
        try
        {
            await foreach (var (bytes, type, reason) in _outbox.Reader.ReadAllAsync(gone.Token))
            {
                if (bytes is null)
                {
                    var text = reason ?? string.Empty;
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, text.Length > 120 ? text[..120] : text, CancellationToken.None);
                    await receiving.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    return "closed by the server: " + reason;
                }

                await socket.SendAsync(bytes, type, endOfMessage: true, gone.Token);
                Interlocked.Increment(ref MessagesSent);
            }

            return "completed";
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            return stopping.IsCancellationRequested ? "service stopping" : "the client left";
        }
        finally
        {
            _outbox.Writer.TryComplete();
            socket.Abort();
            await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ReceiveAsync(CancellationTokenSource gone)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await gone.CancelAsync();
        }
    }
}
