using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Blobs;

/// <summary>
/// Stores an upload (<c>com.atproto.repo.uploadBlob</c>): streams the body into the <see cref="IBlobStore"/> while
/// hashing it (<see cref="BlobDigestStream"/>), then commits it under its CID with the content type the bytes show
/// (<see cref="BlobContentSniffer"/>), or the declared one when they show none, as the reference PDS does.
/// </summary>
/// <remarks>
/// docs/architecture.md, "Blobs". Memory use is one storage block whatever the blob's size. A failed or interrupted
/// upload leaves nothing claimable: its staged bytes are discarded, or collected later if the discard fails too.
/// </remarks>
/// <param name="store">The blob store.</param>
/// <param name="maxBytes">The largest blob accepted, in bytes.</param>
public sealed class BlobUploader(IBlobStore store, long maxBytes)
{
    /// <summary>The content type stored when the bytes show none and none was declared.</summary>
    public const string DefaultMimeType = "application/octet-stream";

    /// <summary>Gets the largest blob accepted, in bytes.</summary>
    public long MaxBytes { get; } = maxBytes;

    /// <summary>Stores a blob for an account.</summary>
    /// <param name="did">The uploading account (already authenticated and allowed to write).</param>
    /// <param name="content">The bytes, read once to the end.</param>
    /// <param name="declaredMimeType">The declared media type (the request's <c>Content-Type</c> without parameters), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the upload.</param>
    /// <returns>The stored blob: the same CID, and a single stored copy, for the same bytes.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">413 <c>PayloadTooLarge</c> when the body is longer than <see cref="MaxBytes"/>.</exception>
    public async Task<StoredBlob> UploadAsync(Did did, Stream content, string? declaredMimeType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        ArgumentNullException.ThrowIfNull(content);
        using var digest = new BlobDigestStream(content, MaxBytes);
        var staged = await store.StageAsync(did, digest, cancellationToken).ConfigureAwait(false);
        try
        {
            var cid = digest.ComputeCid();
            var mimeType = BlobContentSniffer.Detect(digest.Head) ?? (string.IsNullOrEmpty(declaredMimeType) ? DefaultMimeType : declaredMimeType);
            return await store.CommitAsync(staged, cid, digest.BytesRead, mimeType, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DiscardQuietlyAsync(staged).ConfigureAwait(false);
            throw;
        }
    }

    private async Task DiscardQuietlyAsync(StagedBlob staged)
    {
        try
        {
            await store.DiscardAsync(staged, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The staged entry stays unclaimable and the garbage collector removes it after the grace period; the
            // caller sees the original failure.
        }
    }
}
