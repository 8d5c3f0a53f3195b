using System.Globalization;
using Azure;
using Azure.Core;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>
/// A typed REST client for one blob container of block blobs: create, single-shot and staged (block) uploads with
/// conditions, streamed and ranged reads, properties, existence checks, conditional deletes and paged listing by prefix.
/// Obtain one from <see cref="StorageConnection.GetBlobContainerClient"/>; it is thread-safe and cheap.
/// </summary>
/// <remarks>
/// Failures map to the <see cref="StorageException"/> family: 404 <see cref="StorageNotFoundException"/>, 409
/// <see cref="StorageConflictException"/>, 412 <see cref="StoragePreconditionFailedException"/>, 413
/// <see cref="StorageEntityTooLargeException"/>, no response or throttling after retries <see cref="StorageUnavailableException"/>.
/// Spec: learn.microsoft.com/rest/api/storageservices/blob-service-rest-api (Create Container, Put Blob, Put Block,
/// Put Block List, Get Blob, Get Blob Properties, Delete Blob, List Blobs).
/// </remarks>
public sealed partial class BlobContainerClient
{
    private readonly StoragePipeline _pipeline;

    internal BlobContainerClient(StoragePipeline pipeline, string containerName)
    {
        BlobNames.ValidateContainerName(containerName);
        _pipeline = pipeline;
        Name = containerName;
    }

    /// <summary>Gets the container name.</summary>
    public string Name { get; }

    /// <summary>Creates the container (private access) unless it exists.</summary>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns><see langword="true"/> if created; <see langword="false"/> if it already existed.</returns>
    /// <exception cref="StorageException">The service refused the request (e.g. 409 <c>ContainerBeingDeleted</c>).</exception>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var operation = $"Create container '{Name}'";
        using var message = _pipeline.CreateMessage(RequestMethod.Put, "/" + Name);
        message.Request.Uri.AppendQuery("restype", "container");
        message.Request.Content = RequestContent.Create(Array.Empty<byte>());
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 409)
        {
            var (code, text) = await StorageErrors.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            return code == "ContainerAlreadyExists" ? false : throw StorageErrors.Create(409, code, text, operation, null);
        }

        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes the container and its blobs, if it exists.</summary>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns><see langword="true"/> if deleted; <see langword="false"/> if it did not exist.</returns>
    /// <exception cref="StorageException">The service refused the request.</exception>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        var operation = $"Delete container '{Name}'";
        using var message = _pipeline.CreateMessage(RequestMethod.Delete, "/" + Name);
        message.Request.Uri.AppendQuery("restype", "container");
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return false;
        }

        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Writes a whole blob in one request (Put Blob), replacing any existing blob unless a condition says otherwise.</summary>
    /// <param name="blobName">The blob name (1-1024 characters; '/' separates virtual folders).</param>
    /// <param name="content">The bytes (may be empty).</param>
    /// <param name="options">Content type and conditions; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The written blob's properties (its new ETag and size).</returns>
    /// <exception cref="ArgumentException"><paramref name="blobName"/> is invalid.</exception>
    /// <exception cref="StorageConflictException"><see cref="BlobPutOptions.IfNoneMatch"/> is <c>*</c> and the blob exists (<c>BlobAlreadyExists</c>).</exception>
    /// <exception cref="StoragePreconditionFailedException">A condition failed (<c>ConditionNotMet</c>).</exception>
    /// <exception cref="StorageNotFoundException">The container does not exist.</exception>
    public async Task<BlobProperties> PutAsync(string blobName, ReadOnlyMemory<byte> content, BlobPutOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlobName(blobName);
        options ??= new BlobPutOptions();
        var operation = $"Put blob '{blobName}' in container '{Name}'";
        using var message = _pipeline.CreateMessage(RequestMethod.Put, BlobNames.BlobPath(Name, blobName));
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        message.Request.Headers.SetValue("x-ms-blob-content-type", options.ContentType ?? "application/octet-stream");
        SetMetadata(message, options.Metadata);
        SetConditions(message, options.IfMatch, options.IfNoneMatch);
        message.Request.Content = RequestContent.Create(content);
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return WrittenProperties(blobName, response, content.Length, options.ContentType);
    }

    /// <summary>Opens a blob, or a range of it, for streaming reads.</summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="range">The bytes to read, or <see langword="null"/> for the whole blob.</param>
    /// <param name="cancellationToken">A token that cancels the request (not the later reads of <see cref="BlobDownload.Content"/>).</param>
    /// <returns>The download; dispose it.</returns>
    /// <exception cref="ArgumentException"><paramref name="blobName"/> is invalid.</exception>
    /// <exception cref="StorageNotFoundException">The blob or the container does not exist.</exception>
    /// <exception cref="StorageException">Status 416 <c>InvalidRange</c> when <paramref name="range"/> starts at or after the end of the blob (including any range of an empty blob).</exception>
    public async Task<BlobDownload> GetAsync(string blobName, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlobName(blobName);
        var operation = $"Get blob '{blobName}' from container '{Name}'";
        var message = _pipeline.CreateMessage(RequestMethod.Get, BlobNames.BlobPath(Name, blobName));
        try
        {
            message.BufferResponse = false;
            if (range is { } r)
            {
                message.Request.Headers.SetValue("x-ms-range", r.ToString());
            }

            var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
            var length = response.Headers.ContentLength ?? 0;
            var (offset, total) = ParseContentRange(response, length);
            var properties = new BlobProperties(blobName, total, Header(response, "Content-Type"), ETagOf(response), LastModifiedOf(response), MetadataOf(response));
            var stream = new ResponseOwningStream(message, response.ContentStream ?? Stream.Null);
            return new BlobDownload(stream, properties, offset, length);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>Reads a blob's properties (Get Blob Properties).</summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The properties, or <see langword="null"/> if the blob does not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="blobName"/> is invalid.</exception>
    /// <exception cref="StorageNotFoundException">The container does not exist.</exception>
    public async Task<BlobProperties?> GetPropertiesAsync(string blobName, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlobName(blobName);
        var operation = $"Get properties of blob '{blobName}' in container '{Name}'";
        using var message = _pipeline.CreateMessage(RequestMethod.Head, BlobNames.BlobPath(Name, blobName));
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404 && Header(response, "x-ms-error-code") is null or "BlobNotFound")
        {
            return null;
        }

        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return new BlobProperties(blobName, response.Headers.ContentLength ?? 0, Header(response, "Content-Type"), ETagOf(response),
            LastModifiedOf(response), MetadataOf(response));
    }

    /// <summary>Checks whether a blob exists.</summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns><see langword="true"/> if the blob exists; otherwise <see langword="false"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="blobName"/> is invalid.</exception>
    /// <exception cref="StorageNotFoundException">The container does not exist.</exception>
    public async Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken = default) =>
        await GetPropertiesAsync(blobName, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Deletes a blob, optionally only if its ETag matches.</summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="ifMatch">The ETag the blob must have, or <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns><see langword="true"/> if deleted; <see langword="false"/> if the blob did not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="blobName"/> is invalid.</exception>
    /// <exception cref="StoragePreconditionFailedException">The blob's ETag differs from <paramref name="ifMatch"/>.</exception>
    /// <exception cref="StorageNotFoundException">The container does not exist.</exception>
    public async Task<bool> DeleteAsync(string blobName, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlobName(blobName);
        var operation = $"Delete blob '{blobName}' from container '{Name}'";
        using var message = _pipeline.CreateMessage(RequestMethod.Delete, BlobNames.BlobPath(Name, blobName));
        SetConditions(message, ifMatch, null);
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            var (code, text) = await StorageErrors.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            return code is null or "BlobNotFound" ? false : throw StorageErrors.Create(404, code, text, operation, null);
        }

        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static void SetConditions(HttpMessage message, ETag? ifMatch, ETag? ifNoneMatch)
    {
        if (ifMatch is { } match)
        {
            message.Request.Headers.SetValue("If-Match", match.ToString());
        }

        if (ifNoneMatch is { } noneMatch)
        {
            message.Request.Headers.SetValue("If-None-Match", noneMatch.ToString());
        }
    }

    private static BlobProperties WrittenProperties(string blobName, Response response, long length, string? contentType) =>
        new(blobName, length, contentType ?? "application/octet-stream", ETagOf(response), LastModifiedOf(response));

    private static (long Offset, long Total) ParseContentRange(Response response, long length)
    {
        // Content-Range: bytes <first>-<last>/<total>
        var range = Header(response, "Content-Range");
        if (range is null || !range.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            return (0, length);
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        var slash = range.IndexOf('/', StringComparison.Ordinal);
        if (dash < 0 || slash < dash
            || !long.TryParse(range.AsSpan(6, dash - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total))
        {
            return (0, length);
        }

        return (first, total);
    }

    private static ETag ETagOf(Response response) => Header(response, "ETag") is { } etag ? new ETag(etag) : default;

    private static DateTimeOffset? LastModifiedOf(Response response) =>
        Header(response, "Last-Modified") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;

    private static string? Header(Response response, string name) =>
        response.Headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static async Task EnsureSuccessAsync(Response response, string operation, CancellationToken cancellationToken)
    {
        if (response.Status is < 200 or > 299)
        {
            throw await StorageErrors.FromResponseAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }
    }
}
