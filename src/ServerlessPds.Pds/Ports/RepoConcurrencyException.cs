using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The exception <see cref="IRepoStore.CommitAsync"/> throws when the repo head is no longer the one the caller read
/// (another writer committed first), or when a repo the caller expected to be new already exists. Nothing was written.
/// </summary>
/// <remarks>In Azure: HTTP 412 on the head's <c>If-Match</c>, or 409 on its insert.</remarks>
public sealed class RepoConcurrencyException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="did">The repo whose head moved.</param>
    /// <param name="message">What was expected and found.</param>
    public RepoConcurrencyException(Did did, string message)
        : base(message) => Did = did;

    /// <summary>Gets the repo whose head moved.</summary>
    public Did Did { get; }
}
