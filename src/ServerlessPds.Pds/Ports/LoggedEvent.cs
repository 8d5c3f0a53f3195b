using ServerlessPds.Protocol.Sync;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>A sequenced firehose event as <see cref="IEventLog.ReadAsync"/> returns it.</summary>
/// <remarks>
/// Spec: atproto.com/specs/event-stream, "Sequence Numbers". In Azure the row <c>(log, e:&lt;seq&gt;)</c> of table
/// <c>events</c>. <c>Event.ToFrame(Seq)</c> is the WebSocket frame.
/// </remarks>
/// <param name="Seq">The event's sequence number: positive, unique, strictly increasing in log order.</param>
/// <param name="Did">The repo (account) the event is about.</param>
/// <param name="Rev">The rev of the outbox entry the event came from.</param>
/// <param name="Event">The event without <c>seq</c>.</param>
/// <param name="SequencedAt">When the event was sequenced, by the log's clock.</param>
public sealed record LoggedEvent(long Seq, Did Did, Tid Rev, StoredEvent Event, DateTimeOffset SequencedAt);
