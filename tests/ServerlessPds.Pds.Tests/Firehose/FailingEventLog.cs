using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Tests.Firehose;

/// <summary>An event log whose reads always fail (and are counted); everything else goes to the inner log.</summary>
internal sealed class FailingEventLog(IEventLog inner) : IEventLog
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task<IReadOnlyList<AppendedEntry>> AppendAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(did, entries, cancellationToken);

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        throw new InvalidOperationException("The log cannot be read.");
    }

    public Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default) => inner.GetLatestSeqAsync(cancellationToken);

    public Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default) => inner.DeleteBeforeAsync(seq, cancellationToken);
}
