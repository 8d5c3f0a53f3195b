using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>One reference from a record to a blob: the blob's CID and the path of the record at the repo's head that references it.</summary>
/// <remarks>docs/architecture.md, "Blob references". In Azure the row <c>(DID, l:&lt;cid&gt; &lt;collection&gt; &lt;rkey&gt;)</c> of table <c>repos</c>.</remarks>
/// <param name="Cid">The blob's CID, from the record's blob ref.</param>
/// <param name="Path">The record's path, <c>collection/rkey</c>.</param>
public sealed record BlobReference(Cid Cid, RepoPath Path);
