using System.Text.Json;

namespace ServerlessPds.Host.Xrpc;

// The inputs and outputs of com.atproto.repo.*, as the lexicons in src/ServerlessPds.Protocol/Lexicon/Schemas shape them.
// Record values stay JSON (atproto data model JSON) at the edge and become DataValues in RecordPreparation.

/// <summary>Output of getRecord, and one record of listRecords.</summary>
internal sealed record RecordOutput(string Uri, string Cid, JsonElement Value);

/// <summary>Output of listRecords.</summary>
internal sealed record ListRecordsOutput(IReadOnlyList<RecordOutput> Records, string? Cursor);

/// <summary>Output of describeRepo.</summary>
internal sealed record DescribeRepoOutput(string Handle, string Did, JsonElement DidDoc, IReadOnlyList<string> Collections, bool HandleIsCorrect);

/// <summary>com.atproto.repo.listMissingBlobs#recordBlob.</summary>
internal sealed record RecordBlobOutput(string Cid, string RecordUri);

/// <summary>Output of com.atproto.repo.listMissingBlobs (no <c>cursor</c> at the end).</summary>
internal sealed record ListMissingBlobsOutput(string? Cursor, IReadOnlyList<RecordBlobOutput> Blobs);
