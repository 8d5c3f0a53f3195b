using System.Globalization;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Blobs;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.uploadBlob</c>: streams the request body into the blob store. Auth: an access token of an account
/// that may write (not taken down, not deactivated). Input: the blob, of any media type (<c>Content-Type</c> required),
/// at most <see cref="BlobUploader.MaxBytes"/> (the host's configured blob upload limit, also this method's
/// <see cref="XrpcMethod.MaxBodyBytes"/>); output <see cref="UploadBlobOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (no or a malformed <c>Content-Type</c>), 413 <c>PayloadTooLarge</c> (declared or
/// read past the limit), 401 <c>AuthenticationRequired</c> / <c>AccountTakedown</c> / <c>AccountDeactivated</c>,
/// 400 <c>ExpiredToken</c> / <c>InvalidToken</c>, 403 <c>AccountNotFound</c>, and those of
/// <see cref="BlobUploader.UploadAsync"/>. Lexicon: com.atproto.repo.uploadBlob; spec atproto.com/specs/blob.
/// </remarks>
/// <param name="auth">Checks the access token and the account's state.</param>
/// <param name="uploader">Stores the blob.</param>
public sealed class UploadBlob(AuthVerifier auth, BlobUploader uploader) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.repo.uploadBlob", uploader.MaxBytes);

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var principal = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, checkTakedown: true, checkDeactivated: true, call.Aborted);
        var declared = DeclaredMimeType(call.ContentType);
        if (call.ContentLength > uploader.MaxBytes)
        {
            throw XrpcException.PayloadTooLarge($"Blob too large: the limit is {uploader.MaxBytes.ToString(CultureInfo.InvariantCulture)} bytes");
        }

        var blob = await uploader.UploadAsync(principal.Did, call.Body, declared, call.Aborted);
        return XrpcResult.Json(new UploadBlobOutput(new BlobRefOutput(BlobRef.TypeName, new CidLink(blob.Cid.ToString()), blob.MimeType, blob.Size)));
    }

    /// <summary>The declared media type: the <c>Content-Type</c> without parameters, lowercase.</summary>
    /// <exception cref="XrpcException">400 <c>InvalidRequest</c> when it is missing or malformed.</exception>
    private static string DeclaredMimeType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            throw XrpcException.InvalidRequest("Request encoding (Content-Type) required but not provided");
        }

        if (!HttpHeaderSyntax.TryParseMediaType(contentType, out var mediaType))
        {
            throw XrpcException.InvalidRequest($"Invalid request encoding (Content-Type): {contentType}");
        }

        return mediaType.ToLowerInvariant();
    }
}
