namespace ServerlessPds.Pds.Repo;

/// <summary>What a <see cref="RepoWrite"/> does to its record.</summary>
/// <remarks>Spec: lexicons com.atproto.repo.applyWrites (<c>#create</c>, <c>#update</c>, <c>#delete</c>) and putRecord.</remarks>
public enum RepoWriteAction
{
    /// <summary>Add a record at a path that holds none.</summary>
    Create,

    /// <summary>Replace the record at a path that holds one.</summary>
    Update,

    /// <summary>Remove the record at a path that holds one.</summary>
    Delete,

    /// <summary>
    /// Create or replace, whichever applies when the commit is built (com.atproto.repo.putRecord); the result and the
    /// firehose op report the effective <see cref="Create"/> or <see cref="Update"/>.
    /// </summary>
    Put,
}
