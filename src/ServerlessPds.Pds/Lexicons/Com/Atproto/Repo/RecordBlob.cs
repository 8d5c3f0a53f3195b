namespace ServerlessPds.Pds.Lexicons.Com.Atproto.Repo;

/// <summary>A blob a record references, as listMissingBlobs lists it.</summary>
/// <param name="Cid">The blob's CID (base32 text).</param>
/// <param name="RecordUri">The AT-URI of a record that references it.</param>
/// <remarks>Lexicon: com.atproto.repo.listMissingBlobs#recordBlob.</remarks>
public sealed record RecordBlob(string Cid, string RecordUri);
