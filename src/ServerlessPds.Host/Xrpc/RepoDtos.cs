using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServerlessPds.Host.Xrpc;

// The inputs and outputs of com.atproto.repo.*, as the lexicons in src/ServerlessPds.Protocol/Lexicon/Schemas shape them.
// Record values stay JSON (atproto data model JSON) at the edge and become DataValues in RecordWrites.

/// <summary>Input of com.atproto.repo.createRecord.</summary>
internal sealed record CreateRecordInput(string Repo, string Collection, JsonElement Record, string? Rkey = null, bool? Validate = null, string? SwapCommit = null);

/// <summary>Input of com.atproto.repo.putRecord; an explicit <c>"swapRecord": null</c> (read separately) means the record must not exist yet.</summary>
internal sealed record PutRecordInput(string Repo, string Collection, string Rkey, JsonElement Record, bool? Validate = null, string? SwapRecord = null, string? SwapCommit = null);

/// <summary>Input of com.atproto.repo.deleteRecord.</summary>
internal sealed record DeleteRecordInput(string Repo, string Collection, string Rkey, string? SwapRecord = null, string? SwapCommit = null);

/// <summary>Input of com.atproto.repo.applyWrites.</summary>
internal sealed record ApplyWritesInput(string Repo, IReadOnlyList<ApplyWritesOperation> Writes, bool? Validate = null, string? SwapCommit = null);

/// <summary>One write of applyWrites: <c>#create</c>, <c>#update</c> or <c>#delete</c> by <c>$type</c>.</summary>
internal sealed record ApplyWritesOperation(
    [property: JsonPropertyName("$type")] string Type, string Collection, string? Rkey = null, JsonElement? Value = null);

/// <summary>com.atproto.repo.defs#commitMeta.</summary>
internal sealed record CommitMeta(string Cid, string Rev);

/// <summary>Output of createRecord and putRecord.</summary>
internal sealed record WriteRecordOutput(string Uri, string Cid, CommitMeta Commit, string? ValidationStatus);

/// <summary>Output of deleteRecord.</summary>
internal sealed record DeleteRecordOutput(CommitMeta? Commit);

/// <summary>One result of applyWrites (<c>#createResult</c>, <c>#updateResult</c>, <c>#deleteResult</c>).</summary>
internal sealed record ApplyWritesResult(
    [property: JsonPropertyName("$type")] string Type, string? Uri = null, string? Cid = null, string? ValidationStatus = null);

/// <summary>Output of applyWrites.</summary>
internal sealed record ApplyWritesOutput(CommitMeta Commit, IReadOnlyList<ApplyWritesResult> Results);

/// <summary>Output of getRecord, and one record of listRecords.</summary>
internal sealed record RecordOutput(string Uri, string Cid, JsonElement Value);

/// <summary>Output of listRecords.</summary>
internal sealed record ListRecordsOutput(IReadOnlyList<RecordOutput> Records, string? Cursor);

/// <summary>Output of describeRepo.</summary>
internal sealed record DescribeRepoOutput(string Handle, string Did, JsonElement DidDoc, IReadOnlyList<string> Collections, bool HandleIsCorrect);

/// <summary>Input of com.atproto.identity.updateHandle.</summary>
internal sealed record UpdateHandleInput(string Handle);

/// <summary>Output of com.atproto.identity.resolveHandle.</summary>
internal sealed record ResolveHandleOutput(string Did);

/// <summary>com.atproto.repo.listMissingBlobs#recordBlob.</summary>
internal sealed record RecordBlobOutput(string Cid, string RecordUri);

/// <summary>Output of com.atproto.repo.listMissingBlobs (no <c>cursor</c> at the end).</summary>
internal sealed record ListMissingBlobsOutput(string? Cursor, IReadOnlyList<RecordBlobOutput> Blobs);
