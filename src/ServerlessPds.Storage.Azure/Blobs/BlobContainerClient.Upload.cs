using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Core;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <content>Staged uploads of streams of unknown length.</content>
public sealed partial class BlobContainerClient
{
    /// <summary>
    /// Writes a blob from a stream of any length, holding at most one block in memory: a stream that ends within the
    /// first block is sent with one Put Blob; a longer one is sent as Put Block requests of
    /// <see cref="BlobPutOptions.BlockSizeBytes"/> and committed with one Put Block List, which carries the content type
    /// and the conditions (so a failed condition leaves the existing blob untouched).
    /// </summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="content">The source, read to its end; it need not be seekable.</param>
    /// <param name="options">Content type, conditions and block size; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">A token that cancels the upload.</param>
    /// <returns>The written blob's properties (its new ETag and total size).</returns>
    /// <exception cref="ArgumentException"><paramref name="blobName"/> is invalid or the block size is outside <see cref="BlobLimits"/>.</exception>
    /// <exception cref="StorageEntityTooLargeException">The stream needs more than <see cref="BlobLimits.MaxBlocks"/> blocks.</exception>
    /// <exception cref="StorageConflictException"><see cref="BlobPutOptions.IfNoneMatch"/> is <c>*</c> and the blob exists.</exception>
    /// <exception cref="StoragePreconditionFailedException">A condition failed.</exception>
    /// <exception cref="StorageNotFoundException">The container does not exist.</exception>
    /// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/put-block and put-block-list (block IDs: base64, equal length within a blob).</remarks>
    public async Task<BlobProperties> UploadAsync(string blobName, Stream content, BlobPutOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlobName(blobName);
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobPutOptions();
        if (options.BlockSizeBytes is < BlobLimits.MinBlockBytes or > BlobLimits.MaxBlockBytes)
        {
            throw new ArgumentException(
                $"BlockSizeBytes must be {BlobLimits.MinBlockBytes}-{BlobLimits.MaxBlockBytes}; got {options.BlockSizeBytes}.", nameof(options));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(options.BlockSizeBytes);
        try
        {
            var read = await ReadBlockAsync(content, buffer, options.BlockSizeBytes, cancellationToken).ConfigureAwait(false);
            if (read < options.BlockSizeBytes)
            {
                return await PutAsync(blobName, buffer.AsMemory(0, read), options, cancellationToken).ConfigureAwait(false);
            }

            var operation = $"Upload blob '{blobName}' to container '{Name}'";
            var blockIds = new List<string>();
            long total = 0;
            while (read > 0)
            {
                if (blockIds.Count == BlobLimits.MaxBlocks)
                {
                    throw new StorageEntityTooLargeException(
                        $"{operation}: the stream needs more than {BlobLimits.MaxBlocks} blocks of {options.BlockSizeBytes} bytes (BlobLimits.MaxBlocks).",
                        errorCode: "BlockCountExceedsLimit");
                }

                var blockId = BlockId(blockIds.Count);
                await PutBlockAsync(blobName, blockId, buffer.AsMemory(0, read), operation, cancellationToken).ConfigureAwait(false);
                blockIds.Add(blockId);
                total += read;
                read = await ReadBlockAsync(content, buffer, options.BlockSizeBytes, cancellationToken).ConfigureAwait(false);
            }

            return await PutBlockListAsync(blobName, blockIds, total, options, operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Makes the ID of block <paramref name="index"/>: base64 of the fixed-width ASCII <c>block-000000</c>.</summary>
    internal static string BlockId(int index) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("block-" + index.ToString("D6", CultureInfo.InvariantCulture)));

    private async Task PutBlockAsync(string blobName, string blockId, ReadOnlyMemory<byte> block, string operation,
        CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage(RequestMethod.Put, BlobNames.BlobPath(Name, blobName));
        message.Request.Uri.AppendQuery("comp", "block");
        message.Request.Uri.AppendQuery("blockid", blockId, escapeValue: true);
        message.Request.Content = RequestContent.Create(block);
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BlobProperties> PutBlockListAsync(string blobName, IReadOnlyList<string> blockIds, long total, BlobPutOptions options,
        string operation, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        using var message = _pipeline.CreateMessage(RequestMethod.Put, BlobNames.BlobPath(Name, blobName));
        message.Request.Uri.AppendQuery("comp", "blocklist");
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Headers.SetValue("x-ms-blob-content-type", options.ContentType ?? "application/octet-stream");
        SetMetadata(message, options.Metadata);
        SetConditions(message, options.IfMatch, options.IfNoneMatch);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return WrittenProperties(blobName, response, total, options.ContentType);
    }

    private static async Task<int> ReadBlockAsync(Stream content, byte[] buffer, int blockSize, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < blockSize)
        {
            var read = await content.ReadAsync(buffer.AsMemory(total, blockSize - total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
