using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>What <see cref="IEventLog.AppendAsync"/> did with one outbox entry.</summary>
/// <param name="Rev">The entry's rev.</param>
/// <param name="FirstSeq">The seq of the entry's first event; its other events follow consecutively.</param>
/// <param name="Count">The number of events the entry holds.</param>
/// <param name="Duplicate"><see langword="true"/> if an earlier call had already sequenced the entry (this call wrote nothing for it); otherwise <see langword="false"/>.</param>
public sealed record AppendedEntry(Tid Rev, long FirstSeq, int Count, bool Duplicate);
