using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>
/// What a writer knows of one repo: its head, every outbox entry written up to that head that may still be in the
/// outbox, and which of those it has seen sequenced (so the next commit deletes them).
/// </summary>
/// <param name="Head">The head.</param>
/// <param name="Outbox">The outbox entries, oldest rev first.</param>
/// <param name="SequencedRevs">The revs among <paramref name="Outbox"/> known to be in the event log.</param>
/// <param name="Fresh"><see langword="true"/> if read from storage by the current operation; otherwise from the cache.</param>
internal sealed record RepoSnapshot(RepoHead Head, IReadOnlyList<OutboxEntry> Outbox, IReadOnlySet<Tid> SequencedRevs, bool Fresh)
{
    /// <summary>Gets the known outbox entries not known to be sequenced, oldest first.</summary>
    public IReadOnlyList<OutboxEntry> Unsequenced => Outbox.Where(e => !SequencedRevs.Contains(e.Rev)).ToList();
}
