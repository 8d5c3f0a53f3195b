namespace ServerlessPds.Protocol.Sync;

/// <summary>What a <see cref="RepoOp"/> did to its record: the <c>action</c> field.</summary>
/// <remarks>Spec: lexicon <c>com.atproto.sync.subscribeRepos#repoOp.action</c> (known values create, update, delete).</remarks>
public enum RepoOpAction
{
    /// <summary><c>create</c>: a record was added at a path that held none.</summary>
    Create,

    /// <summary><c>update</c>: the record at the path was replaced.</summary>
    Update,

    /// <summary><c>delete</c>: the record at the path was removed.</summary>
    Delete,
}
