using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.getRecord</c>: one record of a repo hosted here, at its current version or at a given
/// <c>cid</c>. Auth: none (the owner or the admin may read a repo that is not active, see <see cref="RepoReadAccess"/>).
/// Parameters <c>repo</c> (DID or handle), <c>collection</c>, <c>rkey</c>, <c>cid</c>; output <see cref="RecordOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (bad parameters, no such repo here), 400 <c>RepoTakendown</c> /
/// <c>RepoDeactivated</c>, 400 <c>RecordNotFound</c>. Lexicon: com.atproto.repo.getRecord.
/// </remarks>
/// <param name="accounts">Resolves <c>repo</c>.</param>
/// <param name="access">The availability check.</param>
/// <param name="reader">Reads the record.</param>
public sealed class GetRecord(IAccountStore accounts, RepoReadAccess access, RepoReader reader) : IXrpcHandler
{
    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.repo.getRecord");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var account = await RepoIdentifier.ResolveAccountAsync(accounts, call.GetRequired<string>("repo"), call.Aborted);
        var did = access.RequireServable(call, account).Did;
        var collection = call.GetRequired<Nsid>("collection");
        var rkey = call.GetRequired<RecordKey>("rkey");
        var cid = XrpcInput.ParseCid("cid", call.GetOptional<string>("cid"));
        var record = await reader.GetRecordAsync(did, collection, rkey, cid, call.Aborted)
            ?? throw XrpcException.RecordNotFound($"at://{did}/{collection}/{rkey}");
        return XrpcResult.Json(new RecordOutput(record.Uri.Value, record.Cid.ToString(), RecordPreparation.ToJson(record.Value)));
    }
}
