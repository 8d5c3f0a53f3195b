namespace ServerlessPds.Pds.Ports;

/// <summary>A page of the distinct blobs a repo's records reference.</summary>
/// <param name="Blobs">Each blob once, in ordinal order of the CID string, with one record that references it (the first by path).</param>
/// <param name="Cursor">The CID string of the last blob, when more may follow; <see langword="null"/> at the end.</param>
public sealed record BlobReferencePage(IReadOnlyList<BlobReference> Blobs, string? Cursor);
