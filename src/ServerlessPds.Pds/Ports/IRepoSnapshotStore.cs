using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Stores one CAR snapshot per repo: a whole-repo export (<c>com.atproto.sync.getRepo</c> without <c>since</c>) as
/// written for one commit, kept so that the next export of that commit is a plain copy and the export of a later commit
/// reads most blocks from it instead of scanning the repo's partition.
/// </summary>
/// <remarks>
/// <para>docs/architecture.md, "Sync reads". A snapshot is a cache: it can be older than the repo, absent, or (after a
/// storage fault) damaged, and readers must check what they use (the root against the head, every block against its
/// CID). Replacing a snapshot is atomic: readers see the old one or the new one, never a partial write.</para>
/// <para>Spec: the bytes are a CAR v1 file (atproto.com/specs/repository, "CAR File Serialization") whose root is the
/// commit. Implementations are thread-safe.</para>
/// </remarks>
public interface IRepoSnapshotStore
{
    /// <summary>Opens the repo's snapshot for reading.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels opening (not the later reads).</param>
    /// <returns>The snapshot, to be disposed; or <see langword="null"/> when the repo has none.</returns>
    Task<RepoCarSnapshot?> OpenAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins a new snapshot of the repo. It replaces the current one only when
    /// <see cref="RepoSnapshotWriter.CompleteAsync"/> succeeds; disposing the writer without completing it discards
    /// what was written. Several writers may run at once: the last to complete wins, a loser's completion may fail.
    /// </summary>
    /// <param name="did">The repo.</param>
    /// <returns>The writer; dispose it.</returns>
    RepoSnapshotWriter BeginWrite(Did did);

    /// <summary>Deletes the repo's snapshot, if any (when the account is deleted).</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the deletion.</param>
    /// <returns>A task that completes when no snapshot of the repo is visible.</returns>
    Task DeleteAsync(Did did, CancellationToken cancellationToken = default);
}
