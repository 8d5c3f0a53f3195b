namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The client WebSockets of a message service that holds them for us (Azure Web PubSub), each named by the service's
/// connection id: send one binary message, close, ask whether it is still open. Sends to one connection arrive in the
/// order they were accepted.
/// </summary>
/// <remarks>docs/architecture.md, "The firehose on Azure Web PubSub". Implemented by <c>ServerlessPds.WebPubSub.Azure</c>.</remarks>
public interface IFirehoseConnections
{
    /// <summary>Gets the largest message the service carries, in bytes.</summary>
    int MaxMessageBytes { get; }

    /// <summary>Sends one binary WebSocket message to a connection. Sent once, never retried.</summary>
    /// <param name="connectionId">The service's connection id.</param>
    /// <param name="message">The message bytes, at most <see cref="MaxMessageBytes"/>.</param>
    /// <param name="cancellationToken">A token that cancels the send.</param>
    /// <returns><see langword="true"/> when the service accepted it; <see langword="false"/> when the connection is gone.</returns>
    /// <exception cref="FirehoseConnectionException">The service refused or did not answer: whether the message went out is unknown.</exception>
    Task<bool> SendAsync(string connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>Closes a connection (nothing happens if it is gone).</summary>
    /// <param name="connectionId">The service's connection id.</param>
    /// <param name="reason">Why, e.g. <c>FutureCursor</c>; the service passes it on to the client's close.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>A task that completes when the service accepted the close.</returns>
    /// <exception cref="FirehoseConnectionException">The service refused or did not answer.</exception>
    Task CloseAsync(string connectionId, string reason, CancellationToken cancellationToken);

    /// <summary>Asks whether a connection is open.</summary>
    /// <param name="connectionId">The service's connection id.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns><see langword="true"/> when it is open.</returns>
    /// <exception cref="FirehoseConnectionException">The service refused or did not answer.</exception>
    Task<bool> ExistsAsync(string connectionId, CancellationToken cancellationToken);
}
