namespace ServerlessPds.Durable;

/// <summary>What a <see cref="RepoEntity"/> keeps between operations: for operators only, the repo itself is the head row.</summary>
public sealed class RepoEntityState
{
    /// <summary>Gets or sets the rev of the last commit this entity applied (a TID), or <see langword="null"/>.</summary>
    public string? LastRev { get; set; }

    /// <summary>Gets or sets how many commits this entity applied.</summary>
    public long Commits { get; set; }
}
