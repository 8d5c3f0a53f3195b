namespace ServerlessPds.Pds.Repo;

/// <summary>Which <see cref="IRepoWriteSerializer"/> a host uses (setting <c>Pds__Commits__Serializer</c>: <c>cas</c> or <c>entity</c>).</summary>
public enum RepoWriteSerializerMode
{
    /// <summary>The ETag compare-and-swap alone: writers call the <see cref="RepoWriter"/> directly (<see cref="DirectRepoWriteSerializer"/>).</summary>
    Cas,

    /// <summary>A Durable Entity per DID applies its writes one at a time, over the same compare-and-swap.</summary>
    Entity,
}
