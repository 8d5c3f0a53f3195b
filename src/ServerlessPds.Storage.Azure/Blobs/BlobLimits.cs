namespace ServerlessPds.Storage.Azure.Blobs;

/// <summary>
/// Block blob limits the client uses and enforces. Spec: learn.microsoft.com/rest/api/storageservices/put-block,
/// put-block-list, put-blob ("Remarks": size limits by version) and naming-and-referencing-containers--blobs--and-metadata.
/// </summary>
public static class BlobLimits
{
    /// <summary>The default block size of a staged upload, in bytes (4 MiB): one block is buffered at a time.</summary>
    public const int DefaultBlockBytes = 4 * 1024 * 1024;

    /// <summary>The smallest block size a staged upload accepts, in bytes (64 KiB).</summary>
    public const int MinBlockBytes = 64 * 1024;

    /// <summary>The largest block size a staged upload accepts, in bytes (100 MiB; the service allows 4000 MiB, but a block is held in memory).</summary>
    public const int MaxBlockBytes = 100 * 1024 * 1024;

    /// <summary>The most committed blocks per blob. Spec: put-block-list.</summary>
    public const int MaxBlocks = 50_000;

    /// <summary>The longest blob name, in characters. Spec: naming-and-referencing-containers--blobs--and-metadata ("Blob names").</summary>
    public const int MaxBlobNameChars = 1024;

    /// <summary>The most blobs one List Blobs page returns (the service's cap on <c>maxresults</c>). Spec: list-blobs.</summary>
    public const int MaxListPageSize = 5000;
}
