using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.createRecord</c>: writes one new record to the caller's repo. Auth: an access token of an account
/// that may write. Input <see cref="CreateRecordInput"/>, output <see cref="CreateRecordOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (bad input or record, see <see cref="RecordPreparation"/>), 400 <c>InvalidSwap</c>,
/// 401 <c>AuthenticationRequired</c> (another account's repo), and those of <see cref="RecordWriteCommit.CommitAsync"/>.
/// Lexicon: com.atproto.repo.createRecord.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="accounts">Resolves <c>repo</c>.</param>
/// <param name="commit">The commit step.</param>
public sealed class CreateRecord(AuthVerifier auth, IAccountStore accounts, RecordWriteCommit commit) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.repo.createRecord");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, false, call.Aborted);
        var input = await call.ReadJsonAsync<CreateRecordInput>();
        var did = await RepoIdentifier.ResolveOwnAsync(accounts, input.Repo, caller.Did, call.Aborted);
        var collection = XrpcInput.Parse<Nsid>("collection", input.Collection);
        var rkey = input.Rkey is null ? null : XrpcInput.Parse<RecordKey>("rkey", input.Rkey);
        var (record, status) = RecordPreparation.Prepare(collection, rkey, input.Record, input.Validate);
        var result = await commit.CommitAsync(call, did, [RepoWrite.Create(collection, rkey, record)], input.SwapCommit);
        var written = result.Results[0];
        return XrpcResult.Json(new CreateRecordOutput(written.Uri.Value, written.Cid.ToString()!, RecordWriteCommit.Meta(result), status));
    }
}
