namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// The exception thrown when a commit's operations do not match the tree its proof describes, for example a created key
/// that is absent from the new tree or holds another CID, or a deleted key that is still present.
/// </summary>
/// <remarks>Spec: atproto.com/specs/sync, "Commit validation": such a commit is invalid and must not be applied.</remarks>
public sealed class MstProofException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What does not match.</param>
    public MstProofException(string message)
        : base(message)
    {
    }
}
