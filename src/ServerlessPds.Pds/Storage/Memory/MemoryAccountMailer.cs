using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>
/// <see cref="IAccountMailer"/> that keeps messages in memory instead of sending them, for tests and local runs
/// (a developer reads the token from <see cref="Sent"/> or the log). Thread-safe.
/// </summary>
public sealed class MemoryAccountMailer : IAccountMailer
{
    private readonly ConcurrentQueue<SentMessage> _sent = new();

    /// <summary>Gets the messages "sent" so far, oldest first.</summary>
    public IReadOnlyCollection<SentMessage> Sent => [.. _sent];

    /// <inheritdoc/>
    public Task SendAccountDeleteTokenAsync(string email, Handle handle, string token, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _sent.Enqueue(new SentMessage(email, handle, "delete_account", token));
        return Task.CompletedTask;
    }
}
