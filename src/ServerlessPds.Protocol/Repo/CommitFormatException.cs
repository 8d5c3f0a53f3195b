namespace ServerlessPds.Protocol.Repo;

/// <summary>The exception thrown when bytes are not a well-formed atproto v3 commit object.</summary>
/// <remarks>
/// Thrown by <see cref="Commit.Decode"/> for bytes that are not canonical DAG-CBOR, not a map, not version 3 (for
/// example a legacy v2 commit), that lack a key or carry an unknown one, or whose values have the wrong type or syntax.
/// The message is one line naming the problem. Spec: atproto.com/specs/repository, "Commit Objects".
/// </remarks>
public sealed class CommitFormatException : FormatException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is wrong with the commit.</param>
    /// <param name="innerException">The decoder exception that revealed the problem, if any.</param>
    public CommitFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
