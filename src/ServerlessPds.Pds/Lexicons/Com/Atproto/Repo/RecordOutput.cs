using System.Text.Json;

namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>One record as the reads return it: the output of getRecord, and one <c>#record</c> of listRecords.</summary>
/// <param name="Uri">The record's AT-URI.</param>
/// <param name="Cid">The record's CID (base32 text).</param>
/// <param name="Value">The record, in the data model's JSON form (CID links as <c>$link</c>, bytes as <c>$bytes</c>).</param>
/// <remarks>Lexicons: com.atproto.repo.getRecord, com.atproto.repo.listRecords#record.</remarks>
public sealed record RecordOutput(string Uri, string Cid, JsonElement Value);
