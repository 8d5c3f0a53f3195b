using ServerlessPds.Pds.Repo;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Xrpc;

/// <summary>Maps applyWrites' union members to engine writes and the engine's results back to <c>#…Result</c> objects.</summary>
/// <remarks>Lexicon: com.atproto.repo.applyWrites (<c>#create</c>, <c>#update</c>, <c>#delete</c>; closed union).</remarks>
internal static class ApplyWritesMapping
{
    private const string Prefix = "com.atproto.repo.applyWrites#";

    /// <summary>Converts one write, validating its record.</summary>
    public static (RepoWrite Write, string? Status) ToWrite(ApplyWritesOperation operation, bool? validate)
    {
        var collection = RecordWrites.Parse<Nsid>("collection", operation.Collection);
        var rkey = operation.Rkey is null ? null : RecordWrites.Parse<RecordKey>("rkey", operation.Rkey);
        switch (operation.Type)
        {
            case Prefix + "create":
            {
                var (record, status) = RecordWrites.Prepare(collection, rkey, Value(operation), validate);
                return (RepoWrite.Create(collection, rkey, record), status);
            }

            case Prefix + "update":
            {
                var key = rkey ?? throw XrpcException.InvalidRequest("An update needs an rkey");
                var (record, status) = RecordWrites.Prepare(collection, key, Value(operation), validate);
                return (RepoWrite.Update(collection, key, record), status);
            }

            case Prefix + "delete":
                return (RepoWrite.Delete(collection, rkey ?? throw XrpcException.InvalidRequest("A delete needs an rkey")), null);
            default:
                throw XrpcException.InvalidRequest($"Invalid write $type: {operation.Type}");
        }
    }

    /// <summary>Builds the results array, in the order of the writes.</summary>
    public static IReadOnlyList<ApplyWritesResult> ToResults(RepoCommitResult result, IReadOnlyList<(RepoWrite Write, string? Status)> prepared) =>
        [.. result.Results.Select((r, i) => r.Action switch
        {
            RepoWriteAction.Delete => new ApplyWritesResult(Prefix + "deleteResult"),
            RepoWriteAction.Create => new ApplyWritesResult(Prefix + "createResult", r.Uri.Value, r.Cid?.ToString(), prepared[i].Status),
            _ => new ApplyWritesResult(Prefix + "updateResult", r.Uri.Value, r.Cid?.ToString(), prepared[i].Status),
        })];

    private static System.Text.Json.JsonElement Value(ApplyWritesOperation operation) =>
        operation.Value ?? throw XrpcException.InvalidRequest("A create or update needs a value");
}
