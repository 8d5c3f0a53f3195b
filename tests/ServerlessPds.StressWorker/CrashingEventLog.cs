using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.StressWorker;

/// <summary>An <see cref="IEventLog"/> that kills the process while an append is in flight or right after it.</summary>
internal sealed class CrashingEventLog(IEventLog inner, CrashTrigger crash) : IEventLog
{
    public async Task<IReadOnlyList<AppendedEntry>> AppendAsync(Did did, IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken = default)
    {
        var append = inner.AppendAsync(did, entries, cancellationToken);
        if (crash.Due(CrashStep.DuringSequencing))
        {
            await Task.Delay(Random.Shared.Next(0, 4), cancellationToken);
            CrashTrigger.Die(CrashStep.DuringSequencing);
        }

        var appended = await append;
        crash.Reached(CrashStep.AfterEvent);
        return appended;
    }

    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken = default) => inner.ReadAsync(afterSeq, limit, cancellationToken);

    public Task<long> GetLatestSeqAsync(CancellationToken cancellationToken = default) => inner.GetLatestSeqAsync(cancellationToken);

    public Task<int> DeleteBeforeAsync(long seq, CancellationToken cancellationToken = default) => inner.DeleteBeforeAsync(seq, cancellationToken);
}
