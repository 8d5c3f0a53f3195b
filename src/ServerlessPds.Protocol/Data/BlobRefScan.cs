namespace ServerlessPds.Protocol.Data;

/// <summary>What <see cref="BlobRefFinder.Find"/> found in a value: its well-formed blob references and the first malformed one.</summary>
/// <param name="Refs">The well-formed references, in document order (map keys in canonical order, array items in order).</param>
/// <param name="Error">
/// The first malformed blob (a map whose <c>$type</c> is <c>blob</c> but that is not exactly <c>$type</c>, a <c>ref</c>
/// link, a <c>mimeType</c> string and a non-negative integer <c>size</c>), described with its path; <see langword="null"/> when none.
/// </param>
public sealed record BlobRefScan(IReadOnlyList<FoundBlobRef> Refs, string? Error)
{
    /// <summary>Gets a value indicating whether every <c>$type: blob</c> object was well formed.</summary>
    public bool IsValid => Error is null;
}
