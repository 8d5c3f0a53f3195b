namespace ServerlessPds.Storage.Azure.Common;

/// <summary>The <c>x-ms-version</c> values the clients send.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/versioning-for-the-azure-storage-services.</remarks>
internal static class StorageApiVersions
{
    /// <summary>The Table service version (the newest Table REST version; the one Azure.Data.Tables sends).</summary>
    public const string Table = "2019-02-02";

    /// <summary>The Blob service version (single Put Blob up to 5000 MiB, Put Block up to 4000 MiB).</summary>
    public const string Blob = "2021-12-02";
}
