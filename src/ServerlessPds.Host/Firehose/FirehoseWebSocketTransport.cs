using System.Net.WebSockets;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Firehose;

namespace ServerlessPds.Host.Firehose;

/// <summary>
/// Pumps one <see cref="FirehoseSubscription"/> into an accepted WebSocket: each frame as one binary message, then a
/// close handshake. Reads (and ignores) what the client sends, so its close and pongs are seen.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream, "Streaming Wire Protocol (v0)" (binary messages, one frame each; the server
/// closes after an error frame). Close status: 1000 after the client closed; 1008 after an error frame
/// (<c>FutureCursor</c>, <c>ConsumerTooSlow</c>); 1011 when the log could not be read; 1001 on server shutdown. Once the
/// stream ends, a send still blocked after <see cref="PdsFirehoseOptions.CloseTimeout"/> (a consumer that reads nothing)
/// aborts the connection, as does a close handshake that takes longer.
/// </remarks>
internal static partial class FirehoseWebSocketTransport
{
    /// <summary>Runs the connection until the stream ends, the client leaves or the server stops.</summary>
    /// <param name="socket">The accepted WebSocket.</param>
    /// <param name="subscription">The subscription to pump; the caller disposes it.</param>
    /// <param name="closeTimeout">See <see cref="PdsFirehoseOptions.CloseTimeout"/>.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="stopping">Signalled when the server shuts down.</param>
    /// <param name="aborted">Signalled when the connection is gone.</param>
    /// <returns>A task that completes when the connection is closed or aborted.</returns>
    public static async Task RunAsync(
        WebSocket socket, FirehoseSubscription subscription, TimeSpan closeTimeout, ILogger logger, CancellationToken stopping, CancellationToken aborted)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        using var onStopping = stopping.Register(() => CancelAfter(sending, closeTimeout));
        _ = subscription.Finished.ContinueWith(_ => CancelAfter(sending, closeTimeout), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var receiving = ReceiveUntilClosedAsync(socket, reading);
        try
        {
            var (status, reason) = await SendAllAsync(socket, subscription, reading.Token, sending.Token).ConfigureAwait(false);
            if (status is { } s)
            {
                if (subscription.Failure is { } failure)
                {
                    LogFailed(logger, failure, subscription.Id);
                }

                await CloseAsync(socket, s, reason, receiving, closeTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            LogDropped(logger, subscription.Id, e.Message);
        }
        finally
        {
            if (!receiving.IsCompleted)
            {
                socket.Abort();
            }

            await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Sends frames until the subscription ends or reading is cancelled.</summary>
    /// <returns>The close status and reason, or <see langword="null"/> when the client already left.</returns>
    private static async Task<(WebSocketCloseStatus? Status, string Reason)> SendAllAsync(
        WebSocket socket, FirehoseSubscription subscription, CancellationToken reading, CancellationToken sending)
    {
        try
        {
            while (await subscription.ReadAsync(reading).ConfigureAwait(false) is { } frame)
            {
                await socket.SendAsync(frame.Bytes, WebSocketMessageType.Binary, endOfMessage: true, sending).ConfigureAwait(false);
                if (frame.IsFinal)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (reading.IsCancellationRequested && !sending.IsCancellationRequested)
        {
            return socket.State switch
            {
                WebSocketState.CloseReceived => (WebSocketCloseStatus.NormalClosure, string.Empty),
                WebSocketState.Open => (WebSocketCloseStatus.EndpointUnavailable, "server shutting down"),
                _ => (null, string.Empty),
            };
        }

        return subscription.End switch
        {
            FirehoseEnd.FutureCursor => (WebSocketCloseStatus.PolicyViolation, "FutureCursor"),
            FirehoseEnd.ConsumerTooSlow => (WebSocketCloseStatus.PolicyViolation, "ConsumerTooSlow"),
            FirehoseEnd.Failed => (WebSocketCloseStatus.InternalServerError, "the event log could not be read"),
            _ => (WebSocketCloseStatus.NormalClosure, string.Empty),
        };
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason, Task receiving, TimeSpan closeTimeout)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(closeTimeout);
        await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
        await receiving.WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Reads client messages (ignored) until the client closes or the connection fails, then cancels <paramref name="reading"/>.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource reading)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            CancelQuietly(reading);
        }
    }

    private static void CancelAfter(CancellationTokenSource source, TimeSpan delay)
    {
        try
        {
            source.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Firehose subscriber {Id} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, long id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Firehose subscription {Id} ended: the event log could not be read")]
    private static partial void LogFailed(ILogger logger, Exception exception, long id);
}
