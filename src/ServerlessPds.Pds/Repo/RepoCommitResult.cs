using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>A commit that is durable and visible: the repo's new head, and what each write did.</summary>
/// <remarks>Spec: lexicon com.atproto.repo.applyWrites output (<c>commit: {cid, rev}</c>, <c>results</c>).</remarks>
/// <param name="CommitCid">The new commit's CID.</param>
/// <param name="Rev">The new commit's rev.</param>
/// <param name="Results">One result per write, in the order given.</param>
/// <param name="Sequenced">
/// <see langword="true"/> if the commit's firehose events are in the event log; <see langword="false"/> if sequencing
/// failed after the commit, in which case the next writer of the repo or the sweeper sequences them.
/// </param>
public sealed record RepoCommitResult(Cid CommitCid, Tid Rev, IReadOnlyList<RepoWriteResult> Results, bool Sequenced);
