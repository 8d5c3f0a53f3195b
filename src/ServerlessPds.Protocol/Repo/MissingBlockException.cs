using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// The exception thrown when an operation on an <see cref="Mst"/> needs a node block that its <see cref="IBlockSource"/>
/// does not hold, for example a subtree left out of a partial CAR or of a commit proof.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/sync, "commit validation": proofs carry only the nodes an operation touches, so trees over
/// them are partial and a missing block is an expected, recoverable condition, not corruption.
/// </remarks>
public sealed class MissingBlockException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="cid">The CID of the block that is missing.</param>
    public MissingBlockException(Cid cid)
        : base($"The block {cid} is not in the block source.") => Cid = cid;

    /// <summary>Gets the CID of the block that is missing.</summary>
    public Cid Cid { get; }
}
