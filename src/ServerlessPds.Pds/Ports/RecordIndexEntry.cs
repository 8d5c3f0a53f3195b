using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>One row of a repo's record index: a record path, the CID of the record there, and the rev that wrote it.</summary>
/// <remarks>In Azure the row <c>(DID, r:&lt;collection&gt; &lt;rkey&gt;)</c> of table <c>repos</c>.</remarks>
/// <param name="Path">The record path, <c>collection/rkey</c>.</param>
/// <param name="Cid">The record block's CID.</param>
/// <param name="Rev">The <c>rev</c> of the commit that wrote this version of the record.</param>
public sealed record RecordIndexEntry(RepoPath Path, Cid Cid, Tid Rev);
