using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// The exception thrown when a block is not a valid MST node: not the <c>{e, l}</c> shape, a block that does not hash to
/// its CID, a non-canonical prefix length, keys that are invalid, out of order, outside their subtree's range or at the
/// wrong depth, or an empty node where the spec allows none. Malformed DAG-CBOR itself raises
/// <see cref="DagCborFormatException"/> instead.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "Merkle Search Tree".</remarks>
public sealed class MstFormatException : FormatException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="blockCid">The CID of the offending block, when known.</param>
    public MstFormatException(string message, Cid? blockCid = null)
        : base(blockCid is { } cid ? $"{message} (MST node {cid})" : message) => BlockCid = blockCid;

    /// <summary>Gets the CID of the offending block, or <see langword="null"/> when unknown.</summary>
    public Cid? BlockCid { get; }
}
