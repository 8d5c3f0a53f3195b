using Azure;
using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Repo;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> on Azure Storage: bytes in Blob Storage, one block blob per upload named
/// <c>&lt;did&gt;/&lt;upload id&gt;</c> and written by staged block upload (one block in memory at a time); metadata in
/// Table Storage, partition = the DID, with one row per blob (RowKey = the CID: <c>UploadId</c>, <c>Size</c>,
/// <c>MimeType</c>, <c>CreatedAt</c>, <c>LastClaimedAt</c>) and one per upload not yet committed (RowKey
/// <c>u:&lt;upload id&gt;</c>).
/// </summary>
/// <remarks>
/// <para>docs/architecture.md, "Blobs". An upload inserts its <c>u:</c> row, writes the bytes, then in one entity group
/// transaction inserts the CID row and deletes the <c>u:</c> row (conditional on its ETag). When the CID row exists
/// already, its <c>LastClaimedAt</c> is refreshed (If-Match) and the new copy discarded, so the same bytes are stored
/// once. Claims refresh <c>LastClaimedAt</c> with If-Match on the row's ETag.</para>
/// <para>Deleting (garbage collection, discards) first turns the row into a doomed <c>u:</c> row, conditionally (for a
/// blob: one transaction deletes the CID row If-Match and upserts the doomed <c>u:</c> row), then deletes the bytes,
/// then the doomed row. A crash at any point leaves a row that the next sweep finishes, never bytes without a row.</para>
/// </remarks>
public sealed partial class TableBlobStore : IBlobStore
{
    private const string UploadPrefix = "u:";
    private const string DidProperty = "Did";
    private const string UploadIdProperty = "UploadId";
    private const string SizeProperty = "Size";
    private const string MimeTypeProperty = "MimeType";
    private const string CreatedAtProperty = "CreatedAt";
    private const string LastClaimedAtProperty = "LastClaimedAt";
    private const string DoomedProperty = "Doomed";
    private const int MaxCommitAttempts = 8;

    private readonly TableClient _table;
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly int _blockSizeBytes;

    /// <summary>Initializes a store.</summary>
    /// <param name="connection">The storage account (Table and Blob endpoints).</param>
    /// <param name="names">The table and container; <see cref="AzureBlobStorageNames.Default"/> when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of upload and claim times; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="blockSizeBytes">The block size of staged uploads (<see cref="BlobLimits.MinBlockBytes"/> to <see cref="BlobLimits.MaxBlockBytes"/>): the memory one upload holds.</param>
    public TableBlobStore(StorageConnection connection, AzureBlobStorageNames? names = null, TimeProvider? timeProvider = null,
        int blockSizeBytes = BlobLimits.DefaultBlockBytes)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSizeBytes, BlobLimits.MinBlockBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSizeBytes, BlobLimits.MaxBlockBytes);
        names ??= AzureBlobStorageNames.Default;
        _table = connection.GetTableClient(names.BlobsTable);
        _container = connection.GetBlobContainerClient(names.BlobsContainer);
        _time = timeProvider ?? TimeProvider.System;
        _blockSizeBytes = blockSizeBytes;
    }

    /// <summary>Creates the table and the container unless they exist.</summary>
    /// <param name="connection">The storage account.</param>
    /// <param name="names">The names; <see cref="AzureBlobStorageNames.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the requests.</param>
    /// <returns>A task that completes when both exist.</returns>
    /// <exception cref="RequestFailedException">Storage refused or could not be reached.</exception>
    public static async Task CreateTablesAndContainersAsync(StorageConnection connection, AzureBlobStorageNames? names = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        names ??= AzureBlobStorageNames.Default;
        await Task.WhenAll(
            connection.GetTableClient(names.BlobsTable).CreateIfNotExistsAsync(cancellationToken),
            connection.GetBlobContainerClient(names.BlobsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<StagedBlob> StageAsync(Did did, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(content);
        return StorageFailures.GuardAsync(async () =>
        {
            var partition = TableKeys.Partition(did);
            var uploadId = Guid.NewGuid().ToString("N");
            var row = new TableEntity(partition, UploadPrefix + uploadId)
                .Set(DidProperty, did.Value)
                .Set(UploadIdProperty, uploadId)
                .Set(LastClaimedAtProperty, _time.GetUtcNow());
            var etag = await _table.InsertAsync(row, cancellationToken).ConfigureAwait(false);
            var staged = new StagedBlob(did, uploadId, etag.ToString());
            try
            {
                // One block in memory at a time: Put Block per block, then Put Block List (one Put Blob when it fits in one).
                var options = new BlobUploadOptions
                {
                    TransferOptions = new StorageTransferOptions
                    {
                        InitialTransferSize = _blockSizeBytes,
                        MaximumTransferSize = _blockSizeBytes,
                        MaximumConcurrency = 1,
                    },
                };
                await _container.GetBlobClient(BytesName(partition, uploadId)).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await DiscardQuietlyAsync(staged).ConfigureAwait(false);
                throw;
            }

            return staged;
        });
    }

    /// <inheritdoc/>
    public Task<StoredBlob> CommitAsync(StagedBlob staged, Cid cid, long size, string mimeType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staged);
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        return StorageFailures.GuardAsync(() => CommitCoreAsync(staged, cid, size, mimeType, cancellationToken));
    }

    /// <inheritdoc/>
    public Task DiscardAsync(StagedBlob staged, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staged);
        return StorageFailures.GuardAsync(() => DeleteUploadAsync(TableKeys.Partition(staged.Did), staged.UploadId, new ETag(staged.Version), cancellationToken));
    }

    /// <inheritdoc/>
    public Task<StoredBlob?> ClaimAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
        {
            var partition = TableKeys.Partition(did);
            while (true)
            {
                var row = await _table.GetAsync(partition, cid.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (row is null)
                {
                    return null;
                }

                try
                {
                    await RefreshAsync(row, cancellationToken).ConfigureAwait(false);
                    return ToBlob(did, cid, row);
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    // Claimed or collected since the read: read again.
                }
                catch (RequestFailedException e) when (StorageErrors.IsNotFound(e))
                {
                    return null;
                }
            }
        });
    }

    /// <inheritdoc/>
    public Task<StoredBlob?> GetAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync(async () =>
            await _table.GetAsync(TableKeys.Partition(did), cid.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false) is { } row
                ? ToBlob(did, cid, row)
                : null);
    }

    /// <inheritdoc/>
    public Task<BlobHandle?> OpenAsync(Did did, Cid cid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        return StorageFailures.GuardAsync<BlobHandle?>(async () =>
        {
            var partition = TableKeys.Partition(did);
            var row = await _table.GetAsync(partition, cid.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return row is null ? null : new Handle(_container, BytesName(partition, row.GetString(UploadIdProperty)!), ToBlob(did, cid, row));
        });
    }

    private static string BytesName(string partition, string uploadId) => partition + "/" + uploadId;

    private static StoredBlob ToBlob(Did did, Cid cid, TableEntity row) => new(
        did, cid, row.GetInt64(SizeProperty) ?? 0, row.GetString(MimeTypeProperty) ?? "application/octet-stream",
        row.GetDateTimeOffset(CreatedAtProperty) ?? row.Timestamp ?? DateTimeOffset.UnixEpoch);

    private Task<ETag> RefreshAsync(TableEntity row, CancellationToken cancellationToken) =>
        _table.MergeAsync(new TableEntity(row.PartitionKey, row.RowKey).Set(LastClaimedAtProperty, _time.GetUtcNow()), row.ETag, cancellationToken);

    private sealed class Handle(BlobContainerClient container, string name, StoredBlob blob) : BlobHandle(blob)
    {
        public override async Task<Stream> ReadAsync(long offset, long length, CancellationToken cancellationToken = default)
        {
            CheckRange(offset, length);
            if (length == 0)
            {
                return new MemoryStream([], writable: false);
            }

            try
            {
                var download = await container.GetBlobClient(name).DownloadStreamingAsync(
                    new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken).ConfigureAwait(false);
                return download.Value.Content;
            }
            catch (RequestFailedException e) when (StorageErrors.IsNotFound(e))
            {
                throw XrpcException.BlobNotFound(Blob.Cid);
            }
            catch (Exception e) when (StorageErrors.IsUnavailable(e))
            {
                throw StorageFailures.Unavailable(e);
            }
        }
    }
}
