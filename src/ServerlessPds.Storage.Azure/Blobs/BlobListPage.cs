namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>One page of a blob listing and the token to resume after it.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/list-blobs (<c>NextMarker</c>).</remarks>
public sealed class BlobListPage
{
    internal BlobListPage(IReadOnlyList<BlobProperties> blobs, string? continuationToken)
    {
        Blobs = blobs;
        ContinuationToken = continuationToken;
    }

    /// <summary>Gets the blobs of this page in name order.</summary>
    public IReadOnlyList<BlobProperties> Blobs { get; }

    /// <summary>Gets the opaque token that resumes the listing after this page, or <see langword="null"/> on the last page.</summary>
    public string? ContinuationToken { get; }
}
