using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Sync;

/// <summary>
/// <c>com.atproto.sync.getBlob</c>: a blob's bytes, streamed with its media type and length, with byte ranges
/// (<see cref="BlobByteRange"/>: 206 with <c>Content-Range</c>, 416), <c>If-None-Match</c> (304) and HEAD. Auth: none
/// (the owner or the admin may read a blob of a repo that is not active, see <see cref="RepoReadAccess"/>). Parameters
/// <c>did</c>, <c>cid</c>.
/// </summary>
/// <remarks>
/// A blob is public only once a record of the account references it: an upload no record references yet (or any more)
/// answers 400 <c>BlobNotFound</c>, as in the reference PDS, where it is still a temporary upload. Every answer about a
/// blob carries <c>X-Content-Type-Options: nosniff</c>, a CSP that sandboxes it (<see cref="ContentSecurityPolicy"/>),
/// <see cref="CacheControl"/>, its <c>ETag</c> (the quoted CID) and <c>Accept-Ranges: bytes</c>. The blob is opened
/// before the result is returned, so a failure is still an XRPC error.
/// Errors: 400 <c>InvalidRequest</c>, 400 <c>BlobNotFound</c>, 400 <c>RepoNotFound</c>, <c>RepoTakendown</c>,
/// <c>RepoDeactivated</c>. Lexicon: com.atproto.sync.getBlob; atproto.com/specs/blob ("Security Considerations").
/// </remarks>
/// <param name="access">The availability check.</param>
/// <param name="store">The blob store.</param>
/// <param name="references">Tells whether a record references the blob.</param>
public sealed class GetBlob(RepoReadAccess access, IBlobStore store, IBlobReferences references) : IXrpcHandler
{
    /// <summary>The <c>Content-Security-Policy</c> of every served blob: no resources, sandboxed (no scripts, unique origin).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox";

    /// <summary>
    /// The <c>Cache-Control</c> of every served blob. The bytes of a CID never change, but a blob may become unavailable
    /// (takedown, deactivation, deletion), so shared caches may keep it for an hour.
    /// </summary>
    public const string CacheControl = "public, max-age=3600";

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.sync.getBlob");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var cancellationToken = call.Aborted;
        var did = call.GetRequired<Did>("did");
        var cid = XrpcInput.ParseCid("cid", call.GetRequired<string>("cid"))!.Value;
        await access.RequireServableAsync(call, did);
        if (!await references.IsReferencedAsync(did, cid, cancellationToken))
        {
            throw XrpcException.BlobNotFound(cid);
        }

        var handle = await store.OpenAsync(did, cid, cancellationToken) ?? throw XrpcException.BlobNotFound(cid);
        var blob = handle.Blob;
        var etag = $"\"{cid}\"";
        if (call.Headers("If-None-Match").Any(v => v.Contains(etag, StringComparison.Ordinal) || v.Trim() == "*"))
        {
            return WithBlobHeaders(XrpcResult.Empty().WithStatus(304), etag);
        }

        var part = BlobByteRange.Select(Joined(call, "Range"), Joined(call, "If-Range"), etag, blob.Size);
        if (part.Status == 416)
        {
            return WithBlobHeaders(XrpcResult.Empty().WithStatus(416), etag).WithHeader("Content-Range", part.ContentRange(blob.Size));
        }

        var head = string.Equals(call.HttpMethod, "HEAD", StringComparison.OrdinalIgnoreCase);
        var content = head ? null : await handle.ReadAsync(part.Offset, part.Length, cancellationToken);
        var result = WithBlobHeaders(XrpcResult.Stream(blob.MimeType, (body, ct) => CopyAsync(content, body, ct), part.Length).WithStatus(part.Status), etag);
        return part.Status == 206 ? result.WithHeader("Content-Range", part.ContentRange(blob.Size)) : result;
    }

    private static async Task CopyAsync(Stream? content, Stream body, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return;
        }

        await using (content)
        {
            await content.CopyToAsync(body, cancellationToken);
        }
    }

    private static XrpcResult WithBlobHeaders(XrpcResult result, string etag) => result
        .WithHeader("X-Content-Type-Options", "nosniff")
        .WithHeader("Content-Security-Policy", ContentSecurityPolicy)
        .WithHeader("Cache-Control", CacheControl)
        .WithHeader("ETag", etag)
        .WithHeader("Accept-Ranges", "bytes");

    /// <summary>A header's values as one list (repeated headers joined with commas), or <see langword="null"/> when absent.</summary>
    private static string? Joined(XrpcCall call, string name)
    {
        var values = call.Headers(name);
        return values.Count == 0 ? null : string.Join(',', values);
    }
}
