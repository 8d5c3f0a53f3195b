using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.listMissingBlobs</c>: the blobs the caller's records reference that the blob store does not
/// hold (account migration). Auth: an access token; the account's status is not checked, so a deactivated account
/// being migrated in can ask. Parameters <c>limit</c> (1 to <see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>),
/// <c>cursor</c>; output <see cref="ListMissingBlobsOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c>, 401 <c>AuthenticationRequired</c>, 400 <c>ExpiredToken</c> / <c>InvalidToken</c>.
/// Lexicon: com.atproto.repo.listMissingBlobs; docs/architecture.md, "Blob references".
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="blobs">Lists the missing blobs.</param>
public sealed class ListMissingBlobs(AuthVerifier auth, RepoBlobReport blobs) : IXrpcHandler
{
    /// <summary>The default page size (lexicon default).</summary>
    public const int DefaultLimit = 500;

    /// <summary>The largest page size (lexicon maximum).</summary>
    public const int MaxLimit = 1000;

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.repo.listMissingBlobs");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var did = (await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, false, call.Aborted)).Did;
        var limit = call.GetLimit(DefaultLimit, MaxLimit);
        var page = await blobs.ListMissingAsync(did, call.GetCursor(), limit, call.Aborted);
        var output = page.Blobs.Select(b => new RecordBlob(b.Cid.ToString(), AtUri.Create(did, b.Path).Value)).ToList();
        return XrpcResult.Json(new ListMissingBlobsOutput(page.Cursor, output));
    }
}
