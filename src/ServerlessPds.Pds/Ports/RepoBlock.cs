using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Pds.Ports;

/// <summary>One content-addressed repo block: an MST node, a record or a commit, as DAG-CBOR bytes.</summary>
/// <remarks>Spec: atproto.com/specs/repository, "Repository Data Structure". Stores keep the bytes under the CID as given.</remarks>
/// <param name="Cid">The block's CID (CIDv1, DAG-CBOR, SHA-256).</param>
/// <param name="Bytes">The block's bytes; not copied, must not change afterwards.</param>
public readonly record struct RepoBlock(Cid Cid, ReadOnlyMemory<byte> Bytes);
