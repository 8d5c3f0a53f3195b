using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Pds.Ports;

/// <summary>The repo figures reported by com.atproto.server.checkAccountStatus.</summary>
/// <remarks>Lexicon: com.atproto.server.checkAccountStatus.</remarks>
/// <param name="Commit">The CID of the current commit.</param>
/// <param name="Rev">The current rev (a TID string).</param>
/// <param name="Blocks">How many blocks the repo holds.</param>
/// <param name="IndexedRecords">How many records the record index holds.</param>
/// <param name="PrivateStateValues">How many private (non-repo) state values, e.g. preferences, are stored.</param>
/// <param name="ExpectedBlobs">How many blobs the records reference.</param>
/// <param name="ImportedBlobs">How many of those blobs are stored.</param>
public sealed record RepoStatus(Cid Commit, string Rev, long Blocks, long IndexedRecords, long PrivateStateValues, long ExpectedBlobs, long ImportedBlobs);
