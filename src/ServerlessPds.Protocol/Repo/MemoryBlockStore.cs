using System.Collections.Concurrent;
using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>
/// An in-memory, thread-safe <see cref="IBlockSource"/>: a dictionary from CID to block bytes. Used to hold the blocks
/// of a CAR file or of a commit proof, and in tests.
/// </summary>
/// <remarks>
/// Spec: atproto.com/specs/repository, "Repository Data Structure" (blocks addressed by CID). <see cref="Put(Cid, ReadOnlyMemory{byte})"/>
/// stores bytes under the CID given without hashing them; readers such as <see cref="Mst"/> check the hash on load.
/// </remarks>
public sealed class MemoryBlockStore : IBlockSource
{
    private readonly ConcurrentDictionary<Cid, ReadOnlyMemory<byte>> _blocks = new();

    /// <summary>Initializes a new, empty store.</summary>
    public MemoryBlockStore()
    {
    }

    /// <summary>Initializes a new store holding <paramref name="blocks"/>.</summary>
    /// <param name="blocks">The blocks, each a CID and its bytes; a CID given twice keeps the last bytes.</param>
    public MemoryBlockStore(IEnumerable<(Cid Cid, byte[] Bytes)> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        foreach (var (cid, bytes) in blocks)
        {
            Put(cid, bytes);
        }
    }

    /// <summary>Gets the number of blocks held.</summary>
    public int Count => _blocks.Count;

    /// <inheritdoc/>
    public ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_blocks.TryGetValue(cid, out var bytes) ? bytes : (ReadOnlyMemory<byte>?)null);
    }

    /// <summary>Stores <paramref name="bytes"/> under <paramref name="cid"/>, replacing any block already there.</summary>
    /// <param name="cid">The block's CID; not checked against the bytes.</param>
    /// <param name="bytes">The block's bytes; the memory is kept, not copied, and must not change afterwards.</param>
    /// <exception cref="ArgumentException"><paramref name="cid"/> is the default value.</exception>
    public void Put(Cid cid, ReadOnlyMemory<byte> bytes)
    {
        if (cid.IsDefault)
        {
            throw new ArgumentException("A block needs a CID.", nameof(cid));
        }

        _blocks[cid] = bytes;
    }

    /// <summary>Stores a DAG-CBOR block under the CID computed from its bytes.</summary>
    /// <param name="block">The block's DAG-CBOR bytes; kept, not copied.</param>
    /// <returns>The block's CID (CIDv1, DAG-CBOR, SHA-256).</returns>
    public Cid Put(byte[] block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var cid = Cid.ComputeDagCbor(block);
        _blocks[cid] = block;
        return cid;
    }

    /// <summary>Tells whether the store holds the block <paramref name="cid"/>.</summary>
    /// <param name="cid">The block's CID.</param>
    /// <returns><see langword="true"/> if the block is held; otherwise <see langword="false"/>.</returns>
    public bool Contains(Cid cid) => _blocks.ContainsKey(cid);

    /// <summary>Removes the block <paramref name="cid"/> if it is held.</summary>
    /// <param name="cid">The block's CID.</param>
    /// <returns><see langword="true"/> if a block was removed; otherwise <see langword="false"/>.</returns>
    public bool Remove(Cid cid) => _blocks.TryRemove(cid, out _);

    /// <summary>Returns a snapshot of every block held, in no particular order.</summary>
    /// <returns>The CIDs and bytes.</returns>
    public IReadOnlyList<KeyValuePair<Cid, ReadOnlyMemory<byte>>> All() => [.. _blocks];
}
