using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// Reads content-addressed blocks by CID: the storage an <see cref="Mst"/> loads its nodes from. Implementations may be
/// an in-memory map (<see cref="MemoryBlockStore"/>), a CAR file, the blocks of a firehose proof, or durable storage.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository, "Repository Data Structure": every MST node is a DAG-CBOR block addressed by
/// its CID. Callers do not trust the bytes returned: the MST checks that a block hashes to the CID it was asked for.
/// </remarks>
public interface IBlockSource
{
    /// <summary>Gets the bytes of the block with CID <paramref name="cid"/>.</summary>
    /// <param name="cid">The block's CID.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The block's bytes, or <see langword="null"/> when the source does not hold the block.</returns>
    ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default);
}
