using Azure.Data.Tables;
using System.Runtime.CompilerServices;
using Azure;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Repo;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <content>Commits, listings and deletion.</content>
public sealed partial class TableBlobStore
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<Cid>> ListAsync(Did did, Cid? after, DateTimeOffset? claimedSince, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return StorageFailures.GuardAsync<IReadOnlyList<Cid>>(async () =>
        {
            // Every CID string starts with 'b' (multibase base32), and upload rows with "u:".
            var filter = TableQueries.Range(TableKeys.Partition(did), after?.ToString() ?? "b", inclusive: false, "c");
            if (claimedSince is { } since)
            {
                filter += " and " + TableClient.CreateQueryFilter($"LastClaimedAt ge {since.UtcDateTime}");
            }

            var cids = new List<Cid>();
            var pages = _table.QueryAsync<TableEntity>(filter, Math.Min(limit, TableLimits.MaxEntitiesPerPage), ["RowKey", UploadIdProperty], cancellationToken);
            await foreach (var page in pages.AsPages().ConfigureAwait(false))
            {
                foreach (var row in page.Values)
                {
                    if (Cid.TryParse(row.RowKey, out var cid))
                    {
                        cids.Add(cid);
                    }

                    if (cids.Count == limit)
                    {
                        return cids;
                    }
                }
            }

            return cids;
        });
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<BlobSweepItem> ListCollectableAsync(DateTimeOffset claimedBefore,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"LastClaimedAt lt {claimedBefore.UtcDateTime}");
        var pages = _table.QueryAsync<TableEntity>(filter, select: ["RowKey", DidProperty, UploadIdProperty, LastClaimedAtProperty], cancellationToken: cancellationToken);
        await foreach (var page in pages.AsPages().ConfigureAwait(false))
        {
            foreach (var row in page.Values)
            {
                if (!Did.TryParse(row.GetString(DidProperty), null, out var did) || row.GetString(UploadIdProperty) is not { } uploadId)
                {
                    continue;
                }

                Cid? cid = row.RowKey.StartsWith(UploadPrefix, StringComparison.Ordinal) ? null : Cid.Parse(row.RowKey);
                yield return new BlobSweepItem(did, cid, uploadId, row.GetDateTimeOffset(LastClaimedAtProperty) ?? TableLimits.MinDateTime, row.ETag.ToString());
            }
        }
    }

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(BlobSweepItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return StorageFailures.GuardAsync(async () =>
        {
            var partition = TableKeys.Partition(item.Did);
            if (item.Cid is not { } cid)
            {
                return await DeleteUploadAsync(partition, item.UploadId, new ETag(item.Version), cancellationToken).ConfigureAwait(false);
            }

            ETag doomed;
            try
            {
                var etags = await _table.SubmitAsync(
                    [
                        TableQueries.Delete(partition, cid.ToString(), new ETag(item.Version)),
                        TableQueries.Upsert(DoomedRow(partition, item.Did, item.UploadId)),
                    ],
                    cancellationToken).ConfigureAwait(false);
                doomed = etags[1];
            }
            catch (RequestFailedException e) when (e.Status == 412 || StorageErrors.IsNotFound(e))
            {
                return false;
            }

            await DeleteBytesAndRowAsync(partition, item.UploadId, doomed, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    private async Task<StoredBlob> CommitCoreAsync(StagedBlob staged, Cid cid, long size, string mimeType, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Partition(staged.Did);
        for (var attempt = 1; ; attempt++)
        {
            var now = _time.GetUtcNow();
            var row = new TableEntity(partition, cid.ToString())
                .Set(DidProperty, staged.Did.Value)
                .Set(UploadIdProperty, staged.UploadId)
                .Set(SizeProperty, size)
                .Set(MimeTypeProperty, mimeType)
                .Set(CreatedAtProperty, now)
                .Set(LastClaimedAtProperty, now);
            try
            {
                await _table.SubmitAsync(
                    [TableQueries.Insert(row), TableQueries.Delete(partition, UploadPrefix + staged.UploadId, new ETag(staged.Version))],
                    cancellationToken).ConfigureAwait(false);
                return new StoredBlob(staged.Did, cid, size, mimeType, now);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // The account has this blob already (or our own insert was applied and its answer lost).
            }
            catch (RequestFailedException e) when (e.Status == 412 || StorageErrors.IsNotFound(e))
            {
                // The upload row changed: a retried transaction whose answer was lost, or a collector doomed the upload.
                var mine = await _table.GetAsync(partition, cid.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
                return mine?.GetString(UploadIdProperty) == staged.UploadId
                    ? ToBlob(staged.Did, cid, mine!)
                    : throw new InvalidOperationException($"Upload {staged.UploadId} was collected before it was committed.", e);
            }

            var existing = await _table.GetAsync(partition, cid.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing?.GetString(UploadIdProperty) == staged.UploadId)
            {
                return ToBlob(staged.Did, cid, existing!);
            }

            if (existing is not null)
            {
                try
                {
                    await RefreshAsync(existing, cancellationToken).ConfigureAwait(false);
                    await DiscardQuietlyAsync(staged).ConfigureAwait(false);
                    return ToBlob(staged.Did, cid, existing);
                }
                catch (RequestFailedException e) when ((e.Status == 412 || StorageErrors.IsNotFound(e)) && attempt < MaxCommitAttempts)
                {
                    // Claimed or collected meanwhile: try again from the insert.
                }
            }
        }
    }

    /// <summary>Dooms an upload row (If-Match), then deletes its bytes and the row.</summary>
    /// <returns><see langword="false"/> if the row changed or is gone.</returns>
    private async Task<bool> DeleteUploadAsync(string partition, string uploadId, ETag version, CancellationToken cancellationToken)
    {
        ETag doomed;
        try
        {
            var marker = new TableEntity(partition, UploadPrefix + uploadId).Set(DoomedProperty, true).Set(LastClaimedAtProperty, TableLimits.MinDateTime);
            doomed = await _table.MergeAsync(marker, version, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412 || StorageErrors.IsNotFound(e))
        {
            return false;
        }

        await DeleteBytesAndRowAsync(partition, uploadId, doomed, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task DeleteBytesAndRowAsync(string partition, string uploadId, ETag doomed, CancellationToken cancellationToken)
    {
        await _container.GetBlobClient(BytesName(partition, uploadId)).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            await _table.DeleteRowAsync(partition, UploadPrefix + uploadId, doomed, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412 || StorageErrors.IsNotFound(e))
        {
            // Another collector finished it.
        }
    }

    private async Task DiscardQuietlyAsync(StagedBlob staged)
    {
        try
        {
            await DeleteUploadAsync(TableKeys.Partition(staged.Did), staged.UploadId, new ETag(staged.Version), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RequestFailedException || StorageErrors.IsUnavailable(e))
        {
            // Left for the garbage collector: the upload row stays unclaimable.
        }
    }

    private static TableEntity DoomedRow(string partition, Did did, string uploadId) => new TableEntity(partition, UploadPrefix + uploadId)
        .Set(DidProperty, did.Value)
        .Set(UploadIdProperty, uploadId)
        .Set(DoomedProperty, true)
        .Set(LastClaimedAtProperty, TableLimits.MinDateTime);
}
