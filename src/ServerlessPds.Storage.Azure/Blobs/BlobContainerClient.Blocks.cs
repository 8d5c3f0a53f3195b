using System.Globalization;
using Azure;
using Azure.Core;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <content>Staged uploads driven by the caller (Put Block, Put Block List) and blob metadata headers.</content>
public sealed partial class BlobContainerClient
{
    private const string MetadataPrefix = "x-ms-meta-";

    /// <summary>
    /// Stages one block of a blob (Put Block): it stays invisible, and does not change the blob, until a
    /// <see cref="CommitBlocksAsync"/> lists it. Uncommitted blocks the service never sees committed are dropped by it
    /// (when another block list is committed, or after a week).
    /// </summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="blockId">The block ID: base64, at most 64 bytes before encoding, the same length for every block of the blob.
    /// Writers that may stage blocks of one blob at the same time must use IDs no other writer uses.</param>
    /// <param name="block">The bytes, at most <see cref="BlobLimits.MaxBlockBytes"/>.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>A task that completes when the block is staged.</returns>
    /// <exception cref="ArgumentException"><paramref name="blobName"/> is invalid.</exception>
    /// <exception cref="StorageNotFoundException">The container does not exist.</exception>
    /// <exception cref="StorageException">The service refused the block (e.g. 400 <c>InvalidBlobOrBlock</c> for an ID of another length).</exception>
    /// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/put-block.</remarks>
    public Task StageBlockAsync(string blobName, string blockId, ReadOnlyMemory<byte> block, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlobName(blobName);
        ArgumentException.ThrowIfNullOrEmpty(blockId);
        return PutBlockAsync(blobName, blockId, block, $"Stage a block of blob '{blobName}' in container '{Name}'", cancellationToken);
    }

    /// <summary>
    /// Makes the listed staged blocks, in order, the blob's content (Put Block List), replacing any existing blob
    /// atomically, with the content type, metadata and conditions of <paramref name="options"/>.
    /// </summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="blockIds">The staged blocks, in content order; 1 to <see cref="BlobLimits.MaxBlocks"/>.</param>
    /// <param name="length">The blob's total length in bytes (the sum of the blocks), reported in the result.</param>
    /// <param name="options">Content type, metadata and conditions; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The written blob's properties (its new ETag and size).</returns>
    /// <exception cref="ArgumentException"><paramref name="blobName"/> is invalid or <paramref name="blockIds"/> is empty or too long.</exception>
    /// <exception cref="StorageException">400 <c>InvalidBlockList</c> when a block is not staged (e.g. dropped when another list was committed).</exception>
    /// <exception cref="StoragePreconditionFailedException">A condition failed.</exception>
    /// <exception cref="StorageNotFoundException">The container does not exist.</exception>
    /// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/put-block-list.</remarks>
    public Task<BlobProperties> CommitBlocksAsync(string blobName, IReadOnlyList<string> blockIds, long length, BlobPutOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlobName(blobName);
        ArgumentNullException.ThrowIfNull(blockIds);
        if (blockIds.Count is 0 or > BlobLimits.MaxBlocks)
        {
            throw new ArgumentException($"A block list holds 1-{BlobLimits.MaxBlocks} blocks; got {blockIds.Count}.", nameof(blockIds));
        }

        return PutBlockListAsync(blobName, blockIds, length, options ?? new BlobPutOptions(), $"Commit blob '{blobName}' in container '{Name}'",
            cancellationToken);
    }

    private static void SetMetadata(HttpMessage message, IReadOnlyDictionary<string, string>? metadata)
    {
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            message.Request.Headers.SetValue(MetadataPrefix + name, value);
        }
    }

    private static Dictionary<string, string> MetadataOf(Response response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[MetadataPrefix.Length..].ToLower(CultureInfo.InvariantCulture)] = header.Value;
            }
        }

        return metadata;
    }
}
