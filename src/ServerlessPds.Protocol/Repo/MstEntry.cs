using ServerlessPds.Protocol.Data;

namespace ServerlessPds.Protocol.Repo;

/// <summary>One key of an MST node: the full key, its value CID and the subtree of keys between it and the next key.</summary>
/// <param name="Key">The full key (ASCII).</param>
/// <param name="Value">The value CID (a record).</param>
/// <param name="Right">The subtree right of the key (the spec's <c>t</c>), or <see langword="null"/>.</param>
internal readonly record struct MstEntry(string Key, Cid Value, MstNode? Right);
