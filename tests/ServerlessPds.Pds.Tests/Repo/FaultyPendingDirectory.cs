using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>An <see cref="IPendingDirectory"/> whose every call passes through a <see cref="FaultInjector"/>.</summary>
internal sealed class FaultyPendingDirectory(IPendingDirectory inner, FaultInjector faults) : IPendingDirectory
{
    public Task<PendingMarker> MarkAsync(Did did, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(MarkAsync), () => inner.MarkAsync(did, cancellationToken));

    public Task<IReadOnlyList<PendingMarker>> ListAsync(int limit, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(ListAsync), () => inner.ListAsync(limit, cancellationToken));

    public Task<bool> ClearAsync(PendingMarker marker, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(ClearAsync), () => inner.ClearAsync(marker, cancellationToken));
}
