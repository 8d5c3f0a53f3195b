using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Blobs;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The blob methods: <c>com.atproto.repo.uploadBlob</c> (streamed into the blob store, body limit
/// <see cref="PdsOptions.BlobUploadLimitBytes"/>), <c>com.atproto.sync.getBlob</c> (streamed out, with byte ranges) and
/// <c>com.atproto.sync.listBlobs</c>.
/// </summary>
/// <remarks>
/// Lexicons: com.atproto.repo.uploadBlob, com.atproto.sync.getBlob, com.atproto.sync.listBlobs; atproto.com/specs/blob
/// ("Security Considerations": blobs are served with <c>X-Content-Type-Options: nosniff</c> and a CSP that sandboxes
/// them, as the reference PDS does). docs/architecture.md, "Blobs".
/// </remarks>
public static class ComAtprotoBlobEndpoints
{
    /// <summary>The <c>Content-Security-Policy</c> of every served blob: no resources, sandboxed (no scripts, unique origin).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox";

    /// <summary>
    /// The <c>Cache-Control</c> of every served blob. The bytes of a CID never change, but a blob may become unavailable
    /// (takedown, deactivation, deletion), so shared caches may keep it for an hour.
    /// </summary>
    public const string CacheControl = "public, max-age=3600";

    /// <summary>The default page size of listBlobs (lexicon default).</summary>
    public const int DefaultListLimit = 500;

    /// <summary>The largest page size of listBlobs (lexicon maximum).</summary>
    public const int MaxListLimit = 1000;

    /// <summary>Maps the blob methods on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoBlobs(this RouteGroupBuilder xrpc)
    {
        ArgumentNullException.ThrowIfNull(xrpc);
        var options = ((IEndpointRouteBuilder)xrpc).ServiceProvider.GetRequiredService<IOptions<PdsOptions>>();
        xrpc.MapXrpcProcedure("com.atproto.repo.uploadBlob", UploadBlobAsync).WithMaxBodyBytes(options.Value.BlobUploadLimitBytes);
        xrpc.MapXrpcQuery("com.atproto.sync.getBlob", GetBlobAsync);
        xrpc.MapXrpcQuery("com.atproto.sync.listBlobs", ListBlobsAsync);
        return xrpc;
    }

    private static async Task<IResult> UploadBlobAsync(HttpContext context, BlobUploader uploader)
    {
        var principal = await context.RequireWriterAsync();
        var declared = DeclaredMimeType(context.Request);
        if (context.Request.ContentLength > uploader.MaxBytes)
        {
            throw XrpcException.PayloadTooLarge($"Blob too large: the limit is {uploader.MaxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
        }

        var blob = await uploader.UploadAsync(principal.Did, context.Request.Body, declared, context.RequestAborted);
        return Results.Ok(new UploadBlobOutput(new BlobRefJson(BlobRef.TypeName, new CidLinkJson(blob.Cid.ToString()), blob.MimeType, blob.Size)));
    }

    /// <summary>
    /// getBlob. A blob is public only once a record of the account references it: an upload no record references yet
    /// (or any more) answers 400 <c>BlobNotFound</c>, as in the reference PDS, where it is still a temporary upload.
    /// </summary>
    private static async Task GetBlobAsync(HttpContext context, IBlobStore store, IBlobReferences references)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var did = request.GetRequired<Did>("did");
        var cid = XrpcInput.ParseCid("cid", request.GetRequired<string>("cid"))!.Value;
        await ComAtprotoSyncEndpoints.RequireServableAsync(context, did);
        if (!await references.IsReferencedAsync(did, cid, cancellationToken))
        {
            throw XrpcException.BlobNotFound(cid);
        }

        var handle = await store.OpenAsync(did, cid, cancellationToken) ?? throw XrpcException.BlobNotFound(cid);
        var blob = handle.Blob;
        var etag = $"\"{cid}\"";
        var response = context.Response;
        if (request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(etag, StringComparison.Ordinal) || v.Trim() == "*")))
        {
            SetCommonHeaders(response, etag);
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var part = BlobByteRange.Select(request.Headers.Range, request.Headers.IfRange, etag, blob.Size);
        if (part.Status == StatusCodes.Status416RangeNotSatisfiable)
        {
            SetCommonHeaders(response, etag);
            response.StatusCode = part.Status;
            response.Headers.ContentRange = $"bytes */{blob.Size.ToString(CultureInfo.InvariantCulture)}";
            return;
        }

        var head = HttpMethods.IsHead(request.Method);
        await using var content = head ? null : await handle.ReadAsync(part.Offset, part.Length, cancellationToken);
        SetCommonHeaders(response, etag);
        response.StatusCode = part.Status;
        response.ContentType = blob.MimeType;
        response.ContentLength = part.Length;
        if (part.Status == StatusCodes.Status206PartialContent)
        {
            response.Headers.ContentRange = FormattableString.Invariant($"bytes {part.Offset}-{part.Offset + part.Length - 1}/{blob.Size}");
        }

        if (content is not null)
        {
            await content.CopyToAsync(response.Body, cancellationToken);
        }
    }

    private static async Task<IResult> ListBlobsAsync(HttpRequest request, BlobListing listing)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var did = request.GetRequired<Did>("did");
        var since = request.GetOptional<Tid>("since");
        var limit = request.GetLimit(DefaultListLimit, MaxListLimit);
        var cursor = XrpcInput.ParseCid("cursor", request.GetCursor());
        await ComAtprotoSyncEndpoints.RequireServableAsync(request.HttpContext, did);
        var (cids, next) = await listing.ListAsync(did, since, limit, cursor, cancellationToken);
        return Results.Ok(new ListBlobsOutput(next?.ToString(), cids.Select(c => c.ToString()).ToList()));
    }

    private static void SetCommonHeaders(HttpResponse response, string etag)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = CacheControl;
        response.Headers.ETag = etag;
        response.Headers.AcceptRanges = "bytes";
    }

    /// <summary>The declared media type: the <c>Content-Type</c> without parameters, lowercase.</summary>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> when it is missing or malformed.</exception>
    private static string DeclaredMimeType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw XrpcException.InvalidRequest("Request encoding (Content-Type) required but not provided");
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.MediaType.HasValue)
        {
            throw XrpcException.InvalidRequest($"Invalid request encoding (Content-Type): {contentType}");
        }

        return mediaType.MediaType.Value!.ToLowerInvariant();
    }
}
