using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Repo;

namespace ServerlessPds.Cli;

/// <summary>
/// A repository CAR file read into memory: its roots and its blocks by CID, every block checked against its CID while
/// reading. Serves the blocks to the MST as an <see cref="IBlockSource"/>.
/// </summary>
/// <remarks>Spec: atproto.com/specs/repository, "CAR File Serialization" (the first root is the commit).</remarks>
internal sealed class RepoCar : IBlockSource
{
    private readonly Dictionary<Cid, ReadOnlyMemory<byte>> _blocks;

    private RepoCar(string name, long bytes, IReadOnlyList<Cid> roots, int blockCount, Dictionary<Cid, ReadOnlyMemory<byte>> blocks)
    {
        Name = name;
        Bytes = bytes;
        Roots = roots;
        BlockCount = blockCount;
        _blocks = blocks;
    }

    /// <summary>Gets the file's name, for messages.</summary>
    internal string Name { get; }

    /// <summary>Gets the file's size in bytes.</summary>
    internal long Bytes { get; }

    /// <summary>Gets the header's root CIDs.</summary>
    internal IReadOnlyList<Cid> Roots { get; }

    /// <summary>Gets the number of block sections, duplicates included.</summary>
    internal int BlockCount { get; }

    /// <summary>Gets the number of distinct blocks.</summary>
    internal int DistinctBlockCount => _blocks.Count;

    /// <summary>Reads and checks a CAR file.</summary>
    /// <param name="file">The file.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The CAR.</returns>
    /// <exception cref="CliFailure">The file cannot be read, or is not a well-formed CAR whose blocks match their CIDs.</exception>
    internal static async Task<RepoCar> LoadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = await CarReader.OpenAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                var blocks = new Dictionary<Cid, ReadOnlyMemory<byte>>();
                await foreach (var block in reader.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
                {
                    blocks.TryAdd(block.Cid, block.Bytes);
                }

                return new RepoCar(file.Name, reader.BytesRead, reader.Roots, reader.BlocksRead, blocks);
            }
        }
        catch (CarFormatException e)
        {
            throw new CliFailure(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>Looks a block up.</summary>
    /// <param name="cid">The CID.</param>
    /// <param name="bytes">The bytes when present.</param>
    /// <returns><see langword="true"/> if the CAR holds the block.</returns>
    internal bool TryGetBlock(Cid cid, out ReadOnlyMemory<byte> bytes) => _blocks.TryGetValue(cid, out bytes);

    /// <inheritdoc/>
    public ValueTask<ReadOnlyMemory<byte>?> GetBlockAsync(Cid cid, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_blocks.TryGetValue(cid, out var bytes) ? bytes : (ReadOnlyMemory<byte>?)null);

    /// <summary>Decodes the commit: the block of the first root.</summary>
    /// <param name="requireSingleRoot">Whether a CAR with more than one root is an error.</param>
    /// <returns>The commit.</returns>
    /// <exception cref="CliFailure">There is no root, the commit block is missing, or it is not a v3 commit.</exception>
    internal Commit ReadCommit(bool requireSingleRoot)
    {
        if (Roots.Count == 0 || (requireSingleRoot && Roots.Count > 1))
        {
            throw new CliFailure($"the CAR has {Roots.Count} roots; a repository CAR has one, its commit");
        }

        var root = Roots[0];
        if (!_blocks.TryGetValue(root, out var bytes))
        {
            throw new CliFailure($"the root block {root} (the commit) is not in the CAR");
        }

        try
        {
            return Commit.Decode(bytes.Span);
        }
        catch (CommitFormatException e)
        {
            throw new CliFailure($"the root block {root} is not a valid commit: {e.Message}", e);
        }
    }
}
