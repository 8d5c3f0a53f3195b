namespace ServerlessPds.Pds.Repo;

/// <summary>What a <see cref="RepoWrite"/> does to its record.</summary>
/// <remarks>Spec: lexicon com.atproto.repo.applyWrites (<c>#create</c>, <c>#update</c>, <c>#delete</c>).</remarks>
public enum RepoWriteAction
{
    /// <summary>Add a record at a path that holds none.</summary>
    Create,

    /// <summary>Replace the record at a path that holds one.</summary>
    Update,

    /// <summary>Remove the record at a path that holds one.</summary>
    Delete,
}
