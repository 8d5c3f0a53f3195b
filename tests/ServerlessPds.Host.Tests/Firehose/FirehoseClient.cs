using System.Net.WebSockets;
using ServerlessPds.Protocol.Sync;

namespace ServerlessPds.Host.Tests.Firehose;

/// <summary>A firehose consumer on a real <see cref="ClientWebSocket"/>, decoding frames with the Protocol's decoder.</summary>
internal sealed class FirehoseClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private FirehoseClient(ClientWebSocket socket)
    {
        Socket = socket;
    }

    public ClientWebSocket Socket { get; }

    public static Task<FirehoseClient> ConnectAsync(FirehoseTestHost host, string? cursor = null) => ConnectAsync(host.SubscribeUri(cursor));

    public static async Task<FirehoseClient> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        using var patience = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(uri, patience.Token);
        return new FirehoseClient(socket);
    }

    /// <summary>Receives one message; <see langword="null"/> when the server closed (the close is answered).</summary>
    public async Task<byte[]?> ReceiveAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        using var message = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, patience.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Answer the server's close, as browsers and the ws package do.
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, patience.Token);
                return null;
            }

            Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }

    /// <summary>Receives and decodes frames until one with seq <paramref name="lastSeq"/>, an error frame, or the close.</summary>
    public async Task<List<(byte[] Bytes, FirehoseFrame Frame)>> ReadUntilAsync(long lastSeq)
    {
        var frames = new List<(byte[], FirehoseFrame)>();
        while (await ReceiveAsync() is { } bytes)
        {
            var frame = FirehoseFrames.Decode(bytes);
            frames.Add((bytes, frame));
            if (frame.Error is not null || frame.Seq >= lastSeq)
            {
                break;
            }
        }

        return frames;
    }

    public async Task CloseAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", patience.Token);
    }

    public ValueTask DisposeAsync()
    {
        Socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
