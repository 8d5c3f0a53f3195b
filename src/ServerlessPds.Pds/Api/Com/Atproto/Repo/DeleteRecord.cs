using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.deleteRecord</c>: deletes one record of the caller's repo. Auth: an access token. Input
/// <see cref="DeleteRecordInput"/>, output <see cref="DeleteRecordOutput"/>. Deleting a record that does not exist is a
/// no-op answered 200 with no <c>commit</c>, whatever the swaps say, as the reference PDS answers; a record deleted by a
/// concurrent write between that check and the commit answers 400 <c>InvalidRequest</c>.
/// </summary>
/// <remarks>Errors: as <see cref="CreateRecord"/>. Lexicon: com.atproto.repo.deleteRecord.</remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="accounts">Resolves <c>repo</c>.</param>
/// <param name="reader">Checks that the record exists.</param>
/// <param name="commit">The commit step.</param>
public sealed class DeleteRecord(AuthVerifier auth, IAccountStore accounts, RepoReader reader, RecordWriteCommit commit) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.repo.deleteRecord");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, false, call.Aborted);
        var input = await call.ReadJsonAsync<DeleteRecordInput>();
        var did = await RepoIdentifier.ResolveOwnAsync(accounts, input.Repo, caller.Did, call.Aborted);
        var collection = XrpcInput.Parse<Nsid>("collection", input.Collection);
        var rkey = XrpcInput.Parse<RecordKey>("rkey", input.Rkey);
        if (await reader.GetRecordAsync(did, collection, rkey, cancellationToken: call.Aborted) is null)
        {
            return XrpcResult.Json(new DeleteRecordOutput(null));
        }

        RecordSwap? swap = input.SwapRecord is null ? null : new RecordSwap(XrpcInput.ParseCid("swapRecord", input.SwapRecord));
        var write = RepoWrite.Delete(collection, rkey) with { SwapRecord = swap };
        var result = await commit.CommitAsync(call, did, [write], input.SwapCommit);
        return XrpcResult.Json(new DeleteRecordOutput(RecordWriteCommit.Meta(result)));
    }
}
