namespace ServerlessPds.Pds.Repo;

/// <summary>The blob figures of com.atproto.server.checkAccountStatus.</summary>
/// <param name="Expected">How many distinct blobs the repo's records reference (<c>expectedBlobs</c>).</param>
/// <param name="Imported">How many of those the blob store holds for the account (<c>importedBlobs</c>).</param>
public sealed record BlobReferenceCounts(long Expected, long Imported);
