using System.Text.Json;
using ServerlessPds.Pds.Auth;
using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.applyWrites</c>: creates, updates and deletes records of the caller's repo in one commit. Auth:
/// an access token. Input <see cref="ApplyWritesInput"/> (at most <see cref="ApplyWritesInput.MaxWrites"/> writes), output
/// <see cref="ApplyWritesOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (too many writes, an unknown write <c>$type</c>, an update or delete without rkey,
/// a create or update without value), and as <see cref="CreateRecord"/>. Lexicon: com.atproto.repo.applyWrites.
/// </remarks>
/// <param name="auth">Checks the access token.</param>
/// <param name="accounts">Resolves <c>repo</c>.</param>
/// <param name="commit">The commit step.</param>
public sealed class ApplyWrites(AuthVerifier auth, IAccountStore accounts, RecordWriteCommit commit) : IXrpcHandler
{
    private const string Prefix = ApplyWritesOperation.TypePrefix;

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Procedure("com.atproto.repo.applyWrites");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var caller = await auth.VerifyAccessAsync(call.Authorization, AccessLevel.Standard, false, call.Aborted);
        var input = await call.ReadJsonAsync<ApplyWritesInput>();
        var did = await RepoIdentifier.ResolveOwnAsync(accounts, input.Repo, caller.Did, call.Aborted);
        if (input.Writes.Count > ApplyWritesInput.MaxWrites)
        {
            throw XrpcException.InvalidRequest($"Too many writes. Max: {ApplyWritesInput.MaxWrites}");
        }

        var prepared = input.Writes.Select(w => ToWrite(w, input.Validate)).ToList();
        var result = await commit.CommitAsync(call, did, [.. prepared.Select(p => p.Write)], input.SwapCommit);
        var results = result.Results.Select((r, i) => r.Action switch
        {
            RepoWriteAction.Delete => new ApplyWritesResult(Prefix + "deleteResult"),
            RepoWriteAction.Create => new ApplyWritesResult(Prefix + "createResult", r.Uri.Value, r.Cid?.ToString(), prepared[i].Status),
            _ => new ApplyWritesResult(Prefix + "updateResult", r.Uri.Value, r.Cid?.ToString(), prepared[i].Status),
        }).ToList();
        return XrpcResult.Json(new ApplyWritesOutput(RecordWriteCommit.Meta(result), results));
    }

    private static (RepoWrite Write, string? Status) ToWrite(ApplyWritesOperation operation, bool? validate)
    {
        var collection = XrpcInput.Parse<Nsid>("collection", operation.Collection);
        var rkey = operation.Rkey is null ? null : XrpcInput.Parse<RecordKey>("rkey", operation.Rkey);
        switch (operation.Type)
        {
            case Prefix + "create":
            {
                var (record, status) = RecordPreparation.Prepare(collection, rkey, Value(operation), validate);
                return (RepoWrite.Create(collection, rkey, record), status);
            }

            case Prefix + "update":
            {
                var key = rkey ?? throw XrpcException.InvalidRequest("An update needs an rkey");
                var (record, status) = RecordPreparation.Prepare(collection, key, Value(operation), validate);
                return (RepoWrite.Update(collection, key, record), status);
            }

            case Prefix + "delete":
                return (RepoWrite.Delete(collection, rkey ?? throw XrpcException.InvalidRequest("A delete needs an rkey")), null);
            default:
                throw XrpcException.InvalidRequest($"Invalid write $type: {operation.Type}");
        }
    }

    private static JsonElement Value(ApplyWritesOperation operation) =>
        operation.Value ?? throw XrpcException.InvalidRequest("A create or update needs a value");
}
