using ServerlessPds.Protocol.Data;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Repo;

/// <summary>One record as read from a repo.</summary>
/// <remarks>Spec: lexicon com.atproto.repo.getRecord output (<c>uri</c>, <c>cid</c>, <c>value</c>).</remarks>
/// <param name="Uri">The record's AT-URI.</param>
/// <param name="Cid">The record block's CID.</param>
/// <param name="Value">The record, decoded from its DAG-CBOR block.</param>
public sealed record RepoRecord(AtUri Uri, Cid Cid, DataValue Value);
