using System.Collections.Concurrent;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.TestSupport;

/// <summary>Records lifecycle events; can be told to fail account creation.</summary>
public sealed class RecordingAccountEvents : IAccountEvents
{
    public ConcurrentQueue<AccountRecord> Created { get; } = new();

    public ConcurrentQueue<(Did Did, AccountStatus Status)> StatusChanges { get; } = new();

    public ConcurrentQueue<(Did Did, Handle Handle)> IdentityChanges { get; } = new();

    public bool FailCreation { get; set; }

    public Task AccountCreatedAsync(AccountRecord account, CancellationToken cancellationToken = default)
    {
        if (FailCreation)
        {
            throw new InvalidOperationException("repo creation failed");
        }
        Created.Enqueue(account);
        return Task.CompletedTask;
    }

    public Task AccountStatusChangedAsync(Did did, AccountStatus status, CancellationToken cancellationToken = default)
    {
        StatusChanges.Enqueue((did, status));
        return Task.CompletedTask;
    }

    public Task IdentityChangedAsync(Did did, Handle handle, CancellationToken cancellationToken = default)
    {
        IdentityChanges.Enqueue((did, handle));
        return Task.CompletedTask;
    }
}
