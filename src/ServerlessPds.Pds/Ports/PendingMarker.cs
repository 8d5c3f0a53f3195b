using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>A "this DID may have outbox entries" marker, as <see cref="IPendingDirectory.ListAsync"/> reads it.</summary>
/// <remarks>In Azure the row <c>(pending, DID)</c> of table <c>pending</c>; <see cref="Version"/> is its ETag.</remarks>
/// <param name="Did">The repo.</param>
/// <param name="MarkedAt">When the marker was last written, by storage's clock.</param>
/// <param name="Version">An opaque version token that changes on every <see cref="IPendingDirectory.MarkAsync"/>.</param>
public sealed record PendingMarker(Did Did, DateTimeOffset MarkedAt, string Version);
