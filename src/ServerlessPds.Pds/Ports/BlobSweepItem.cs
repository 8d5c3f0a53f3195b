using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>A garbage collection candidate listed by <see cref="IBlobStore.ListCollectableAsync"/>.</summary>
/// <param name="Did">The account.</param>
/// <param name="Cid">The blob's CID, or <see langword="null"/> for the leftover of an upload that was never committed
/// (or of an interrupted deletion), which no record can reference.</param>
/// <param name="UploadId">The id of the bytes.</param>
/// <param name="LastClaimedAt">When the blob was last claimed or uploaded (UTC).</param>
/// <param name="Version">The entry's version when listed (an ETag); the deletion is conditional on it.</param>
public sealed record BlobSweepItem(Did Did, Cid? Cid, string UploadId, DateTimeOffset LastClaimedAt, string Version);
