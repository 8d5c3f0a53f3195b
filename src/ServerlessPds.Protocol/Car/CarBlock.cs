using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Car;

/// <summary>One block of a CAR file: its CID and its bytes (DAG-CBOR for records, MST nodes and commits).</summary>
/// <remarks>
/// Blocks read by <see cref="CarReader"/> have been checked: the SHA-256 of <see cref="Bytes"/> equals the CID's digest,
/// and the caller owns <see cref="Bytes"/> (a fresh array per block). Spec: atproto.com/specs/repository, "CAR File
/// Serialization".
/// </remarks>
/// <param name="Cid">The block's CID.</param>
/// <param name="Bytes">The block's bytes.</param>
public readonly record struct CarBlock(Cid Cid, ReadOnlyMemory<byte> Bytes);
