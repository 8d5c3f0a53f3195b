using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Car;

/// <summary>The roots and blocks of a whole CAR file read into memory by <see cref="CarReader.ReadAll"/>.</summary>
/// <remarks>Spec: atproto.com/specs/repository, "CAR File Serialization".</remarks>
public sealed class CarContents
{
    private Dictionary<Cid, ReadOnlyMemory<byte>>? _byCid;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="roots">The header's root CIDs.</param>
    /// <param name="blocks">The blocks in file order.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public CarContents(IReadOnlyList<Cid> roots, IReadOnlyList<CarBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(blocks);
        Roots = roots;
        Blocks = blocks;
    }

    /// <summary>Gets the header's root CIDs, in order; an atproto repository CAR has one, its commit.</summary>
    public IReadOnlyList<Cid> Roots { get; }

    /// <summary>Gets the blocks in file order, duplicates included.</summary>
    public IReadOnlyList<CarBlock> Blocks { get; }

    /// <summary>Looks a block up by its CID.</summary>
    /// <param name="cid">The CID.</param>
    /// <param name="bytes">The block's bytes when found.</param>
    /// <returns><see langword="true"/> if a block with that CID is present; otherwise <see langword="false"/>.</returns>
    public bool TryGetBlock(Cid cid, out ReadOnlyMemory<byte> bytes)
    {
        if (_byCid is null)
        {
            var map = new Dictionary<Cid, ReadOnlyMemory<byte>>(Blocks.Count);
            foreach (var block in Blocks)
            {
                map.TryAdd(block.Cid, block.Bytes);
            }

            _byCid = map;
        }

        return _byCid.TryGetValue(cid, out bytes);
    }
}
