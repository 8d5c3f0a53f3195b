using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Car;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Sync;

/// <summary>
/// A repo export planned by <see cref="RepoExporter.PrepareAsync"/>: either an open snapshot of the head's commit to
/// copy, or the commit and MST nodes to write (held in memory, in depth-first pre-order) and the CIDs of the records to
/// stream after them. Dispose it (an unwritten snapshot holds a storage connection).
/// </summary>
public sealed class RepoExport : IAsyncDisposable
{
    private readonly RepoExporter _exporter;
    private readonly Did _did;
    private readonly RepoHead _head;
    private readonly IReadOnlyList<RepoBlock> _nodes;
    private readonly HashSet<Cid> _records;
    private readonly IReadOnlyList<RepoBlock>? _heldRecords;
    private readonly RepoCarSnapshot? _copy;

    internal RepoExport(
        RepoExporter exporter, Did did, RepoHead head, IReadOnlyList<RepoBlock> nodes, HashSet<Cid> records, IReadOnlyList<RepoBlock>? heldRecords,
        RepoExportSource source)
    {
        _exporter = exporter;
        _did = did;
        _head = head;
        _nodes = nodes;
        _records = records;
        _heldRecords = heldRecords;
        Source = source;
    }

    internal RepoExport(RepoExporter exporter, Did did, RepoHead head, RepoCarSnapshot copy)
        : this(exporter, did, head, [], [], null, RepoExportSource.SnapshotCopy)
    {
        _copy = copy;
    }

    /// <summary>Gets the CAR's root: the head's commit CID.</summary>
    public Cid Root => _head.CommitCid;

    /// <summary>Gets where the blocks come from.</summary>
    public RepoExportSource Source { get; }

    /// <summary>
    /// Gets how many blocks the CAR will hold: the commit (when new), the MST nodes and the records; <see langword="null"/>
    /// when the CAR is copied from a snapshot without being parsed.
    /// </summary>
    public int? BlockCount => _copy is null ? _nodes.Count + _records.Count : null;

    /// <summary>
    /// Gets the CAR's length in bytes when it is known before writing (a copy of a snapshot), so a response can carry
    /// <c>Content-Length</c>; <see langword="null"/> when the CAR is built as it is written.
    /// </summary>
    public long? Length => _copy?.Length;

    /// <summary>
    /// Writes the CAR v1 to <paramref name="output"/> as it reads the records (or copies the snapshot); the stream is
    /// flushed, not closed. A whole-repo export not copied from a snapshot is also written into a new snapshot.
    /// </summary>
    /// <param name="output">A writable stream, e.g. the HTTP response body.</param>
    /// <param name="cancellationToken">A token that cancels the write (a new snapshot is then discarded).</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="InvalidOperationException">A record the tree points at is missing (a corrupt repo); the CAR is then incomplete.</exception>
    public async Task<long> WriteToAsync(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_copy is not null)
        {
            await using (_copy.ConfigureAwait(false))
            {
                await _copy.Content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                return _copy.Length;
            }
        }

        var snapshot = Source is RepoExportSource.Scan or RepoExportSource.SnapshotBlocks or RepoExportSource.RecentBlocks ? _exporter.BeginSnapshot(_did) : null;
        if (snapshot is null)
        {
            return await WriteCarAsync(output, cancellationToken).ConfigureAwait(false);
        }

        var handedOver = false;
        try
        {
            var tee = new SnapshotTeeStream(output, snapshot, RepoExporter.MaxSnapshotBytes, e => _exporter.ReportSnapshotFailure(_did, e));
            var written = await WriteCarAsync(tee, cancellationToken).ConfigureAwait(false);
            if (tee.Intact)
            {
                // The client has every byte: the snapshot is completed after the response, not before it ends.
                _exporter.CompleteSnapshotInBackground(_did, snapshot, _head);
                handedOver = true;
            }

            return written;
        }
        finally
        {
            if (!handedOver)
            {
                await snapshot.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Releases the snapshot of a copy that was not written.</summary>
    /// <returns>A task that completes when released.</returns>
    public ValueTask DisposeAsync() => _copy?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<long> WriteCarAsync(Stream output, CancellationToken cancellationToken)
    {
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
