using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>The outcome of one <see cref="RepoWrite"/>.</summary>
/// <remarks>Spec: lexicon com.atproto.repo.applyWrites (<c>#createResult</c>, <c>#updateResult</c>, <c>#deleteResult</c>).</remarks>
/// <param name="Action">What the write did.</param>
/// <param name="Uri">The record's AT-URI, <c>at://did/collection/rkey</c>.</param>
/// <param name="Cid">The new record's CID; <see langword="null"/> for a delete.</param>
public sealed record RepoWriteResult(RepoWriteAction Action, AtUri Uri, Cid? Cid);
