using ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api.Com.Atproto.Repo;

/// <summary>
/// <c>com.atproto.repo.listRecords</c>: one page of a collection's records in rkey order. Auth: none (as
/// <see cref="GetRecord"/>). Parameters <c>repo</c>, <c>collection</c>, <c>limit</c> (1 to <see cref="MaxLimit"/>,
/// default <see cref="DefaultLimit"/>), <c>cursor</c> (an rkey), <c>reverse</c>; output <see cref="ListRecordsOutput"/>.
/// </summary>
/// <remarks>
/// Errors: 400 <c>InvalidRequest</c> (bad parameters, no such repo here), 400 <c>RepoTakendown</c> /
/// <c>RepoDeactivated</c>. Lexicon: com.atproto.repo.listRecords.
/// </remarks>
/// <param name="accounts">Resolves <c>repo</c>.</param>
/// <param name="access">The availability check.</param>
/// <param name="reader">Reads the records.</param>
public sealed class ListRecords(IAccountStore accounts, RepoReadAccess access, RepoReader reader) : IXrpcHandler
{
    /// <summary>The default page size (lexicon default).</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size (lexicon maximum).</summary>
    public const int MaxLimit = 100;

    /// <inheritdoc />
    public XrpcMethod Method { get; } = XrpcMethod.Query("com.atproto.repo.listRecords");

    /// <inheritdoc />
    public async Task<XrpcResult> HandleAsync(XrpcCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var account = await RepoIdentifier.ResolveAccountAsync(accounts, call.GetRequired<string>("repo"), call.Aborted);
        var did = access.RequireServable(call, account).Did;
        var collection = call.GetRequired<Nsid>("collection");
        var limit = call.GetLimit(DefaultLimit, MaxLimit);
        var cursor = call.GetCursor() is { } c ? XrpcInput.Parse<RecordKey>("cursor", c) : null;
        var page = await reader.ListRecordsAsync(did, collection, limit, cursor, call.GetBoolean("reverse", false), call.Aborted);
        var records = page.Records.Select(r => new RecordOutput(r.Uri.Value, r.Cid.ToString(), RecordPreparation.ToJson(r.Value))).ToList();
        return XrpcResult.Json(new ListRecordsOutput(records, page.Cursor?.Value));
    }
}
