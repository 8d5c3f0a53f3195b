using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// A repo export planned by <see cref="RepoExporter.PrepareAsync"/>: the commit and MST nodes to write (held in memory,
/// in depth-first pre-order) and the CIDs of the records to stream after them.
/// </summary>
public sealed class RepoExport
{
    private readonly RepoExporter _exporter;
    private readonly Did _did;
    private readonly IReadOnlyList<RepoBlock> _nodes;
    private readonly HashSet<Cid> _records;
    private readonly IReadOnlyList<RepoBlock>? _heldRecords;

    internal RepoExport(RepoExporter exporter, Did did, Cid root, IReadOnlyList<RepoBlock> nodes, HashSet<Cid> records, IReadOnlyList<RepoBlock>? heldRecords)
    {
        _heldRecords = heldRecords;
        _exporter = exporter;
        _did = did;
        Root = root;
        _nodes = nodes;
        _records = records;
    }

    /// <summary>Gets the CAR's root: the head's commit CID.</summary>
    public Cid Root { get; }

    /// <summary>Gets how many blocks the CAR will hold: the commit (when new), the MST nodes and the records.</summary>
    public int BlockCount => _nodes.Count + _records.Count;

    /// <summary>Writes the CAR v1 to <paramref name="output"/> as it reads the records; the stream is flushed, not closed.</summary>
    /// <param name="output">A writable stream, e.g. the HTTP response body.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="InvalidOperationException">A record the tree points at is missing (a corrupt repo); the CAR is then incomplete.</exception>
    public async Task<long> WriteToAsync(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var car = await CarWriter.CreateAsync(output, [Root], cancellationToken).ConfigureAwait(false);
        await using (car.ConfigureAwait(false))
        {
            foreach (var node in _nodes)
            {
                await car.WriteBlockAsync(node.Cid, node.Bytes, cancellationToken).ConfigureAwait(false);
            }

            await _exporter.WriteRecordsAsync(_did, _records, _heldRecords, car, cancellationToken).ConfigureAwait(false);
            await car.FlushAsync(cancellationToken).ConfigureAwait(false);
            return car.BytesWritten;
        }
    }
}
