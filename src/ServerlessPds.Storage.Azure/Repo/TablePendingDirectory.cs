using Azure.Data.Tables;
using System.Globalization;
using Azure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>
/// <see cref="IPendingDirectory"/> on Azure Table Storage: partition <c>pending</c> of table <c>pending</c>, one row
/// per marked DID (RowKey the DID, hashed when longer than 512 characters; property Did the full DID).
/// </summary>
/// <remarks>
/// docs/architecture.md, "Storage layout". A marker's <see cref="PendingMarker.Version"/> is the row's ETag and, when
/// listed, <see cref="PendingMarker.MarkedAt"/> its Timestamp (storage's clock). <see cref="ClearAsync"/> deletes with
/// <c>If-Match</c>, so a DID marked again after the sweeper read it keeps its marker. Storage that cannot be reached is a
/// 503 <c>ServiceUnavailable</c> <see cref="Protocol.Xrpc.XrpcException"/>. Thread-safe.
/// </remarks>
/// <param name="connection">The storage account (Table endpoint).</param>
/// <param name="names">The tables; <see cref="AzureRepoStorageNames.Default"/> when <see langword="null"/>.</param>
/// <param name="timeProvider">The clock for the <see cref="PendingMarker.MarkedAt"/> that <see cref="MarkAsync"/> returns
/// when the row's ETag does not carry its Timestamp (Azure's and Azurite's do: <c>W/"datetime'…'"</c>);
/// <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
public sealed class TablePendingDirectory(StorageConnection connection, AzureRepoStorageNames? names = null, TimeProvider? timeProvider = null)
    : IPendingDirectory
{
    private readonly TableClient _table = (connection ?? throw new ArgumentNullException(nameof(connection)))
        .GetTableClient((names ?? AzureRepoStorageNames.Default).PendingTable);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public Task<PendingMarker> MarkAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
        {
            var row = new TableEntity(TableKeys.PendingPartition, TableKeys.Pending(did)).Set("Did", did.Value);
            var etag = await _table.UpsertAsync(row, cancellationToken).ConfigureAwait(false);
            return new PendingMarker(did, TimeOf(etag.ToString()) ?? _time.GetUtcNow(), etag.ToString());
        });
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PendingMarker>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return StorageFailures.GuardAsync(async () =>
        {
            var markers = new List<PendingMarker>();
            var pages = _table.QueryAsync<TableEntity>(TableQueries.Partition(TableKeys.PendingPartition), Math.Min(limit, TableLimits.MaxEntitiesPerPage), cancellationToken: cancellationToken);
            await foreach (var page in pages.AsPages().ConfigureAwait(false))
            {
                foreach (var row in page.Values.Take(limit - markers.Count))
                {
                    var did = Did.Parse(row.GetString("Did") ?? throw new InvalidDataException($"Pending row {row.RowKey} has no Did."));
                    markers.Add(new PendingMarker(did, row.Timestamp ?? DateTimeOffset.MinValue, row.ETag.ToString()));
                }

                if (markers.Count >= limit)
                {
                    break;
                }
            }

            return (IReadOnlyList<PendingMarker>)markers;
        });
    }

    /// <inheritdoc/>
    public Task<bool> ClearAsync(PendingMarker marker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marker);
        return StorageFailures.GuardAsync(async () =>
        {
            try
            {
                await _table.DeleteRowAsync(TableKeys.PendingPartition, TableKeys.Pending(marker.Did), new ETag(marker.Version), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                return false;
            }
        });
    }

    /// <summary>Reads the Timestamp a table ETag carries (<c>W/"datetime'2025-01-02T03%3A04%3A05.1234567Z'"</c>), if it does.</summary>
    private static DateTimeOffset? TimeOf(string etag)
    {
        const string Prefix = "W/\"datetime'";
        var end = etag.StartsWith(Prefix, StringComparison.Ordinal) ? etag.IndexOf('\'', Prefix.Length) : -1;
        if (end < 0)
        {
            return null;
        }

        return DateTimeOffset.TryParse(
            Uri.UnescapeDataString(etag[Prefix.Length..end]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }
}
