using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The firehose events of one commit, stored in the repo's partition in the same atomic write that made the commit
/// the head, and waiting to be sequenced. One entry per <c>rev</c>; it may hold several events (a new repo's
/// <c>#commit</c> and <c>#sync</c>), which are sequenced in list order.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/sync (events). In Azure the row <c>(DID, o:&lt;rev&gt;)</c> of table <c>repos</c>, with
/// large bodies in blob <c>events/&lt;did&gt;/&lt;rev&gt;</c>.
/// </remarks>
/// <param name="Rev">The commit's <c>rev</c>: the entry's key and its place in the repo's order.</param>
/// <param name="Events">The events without <c>seq</c>, at least one.</param>
public sealed record OutboxEntry(Tid Rev, IReadOnlyList<StoredEvent> Events);
