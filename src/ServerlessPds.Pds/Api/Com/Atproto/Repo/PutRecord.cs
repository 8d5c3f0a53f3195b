using System.Text.Json;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.putRecord</c>: creates or replaces one record of the caller's repo. Auth: an access token.
/// Input <see cref="PutRecordInput"/> (<c>swapRecord: null</c> requires that the record not exist), output
/// <see cref="CreateRecordOutput"/>.
/// </summary>
/// <remarks>Errors: as <see cref="CreateRecord"/>. Lexicon: com.atproto.repo.putRecord.</remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="accounts">Resolves <c>repo</c>.</param>
/// <param name="commit">The commit step.</param>
public sealed class PutRecord(AuthVerifier auth, IAccountStore accounts, RecordWriteCommit commit) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.repo.putRecord");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, false, call.Aborted);
        var body = await call.ReadJsonAsync<JsonElement>();
        var input = body.Deserialize<PutRecordInput>(XrpcJson.Options)!;
        var did = await RepoIdentifier.ResolveOwnAsync(accounts, input.Repo, caller.Did, call.Aborted);
        var collection = XrpcInput.Parse<Nsid>("collection", input.Collection);
        var rkey = XrpcInput.Parse<RecordKey>("rkey", input.Rkey);
        var (record, status) = RecordPreparation.Prepare(collection, rkey, input.Record, input.Validate);
        RecordSwap? swap = body.TryGetProperty("swapRecord", out var given) && given.ValueKind == JsonValueKind.Null
            ? RecordSwap.Absent
            : input.SwapRecord is null ? null : new RecordSwap(XrpcInput.ParseCid("swapRecord", input.SwapRecord));
        var write = RepoWrite.Put(collection, rkey, record) with { SwapRecord = swap };
        var result = await commit.CommitAsync(call, did, [write], input.SwapCommit);
        var written = result.Results[0];
        return XrpcResult.Json(new CreateRecordOutput(written.Uri.Value, written.Cid.ToString()!, RecordWriteCommit.Meta(result), status));
    }
}
