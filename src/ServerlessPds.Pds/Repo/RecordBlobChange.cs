using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>One write's effect on blob references: the record path, the CID of the record it replaces, and the blob refs of the new record.</summary>
/// <param name="Path">The record path.</param>
/// <param name="Previous">The CID of the record at the path before the commit, or <see langword="null"/> for a create.</param>
/// <param name="Refs">The blob refs of the new record; empty for a delete.</param>
internal sealed record RecordBlobChange(RepoPath Path, Cid? Previous, IReadOnlyList<FoundBlobRef> Refs);
