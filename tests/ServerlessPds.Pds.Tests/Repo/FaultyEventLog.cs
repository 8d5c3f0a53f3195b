using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Repo;

/// <summary>An <see cref="IEventLog"/> whose every call passes through a <see cref="FaultInjector"/>.</summary>
internal sealed class FaultyEventLog(IEventLog inner, FaultInjector faults) : IEventLog
{
    public Task<IReadOnlyList<AppendedEntry>> AppendAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(AppendAsync), () => inner.AppendAsync(did, entries, cancellationToken));

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(ReadAsync), () => inner.ReadAsync(afterSeq, limit, cancellationToken));

    public Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(GetLatestSeqAsync), () => inner.GetLatestSeqAsync(cancellationToken));

    public Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default) =>
        faults.RunAsync(nameof(DeleteBeforeAsync), () => inner.DeleteBeforeAsync(seq, cancellationToken));
}
