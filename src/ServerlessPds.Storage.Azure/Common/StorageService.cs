namespace ServerlessPds.Storage.Azure.Common;

/// <summary>The storage service a pipeline talks to; it decides the Shared Key scheme and the API version.</summary>
internal enum StorageService
{
    /// <summary>The Table service (SharedKeyLite, <see cref="StorageApiVersions.Table"/>).</summary>
    Table,

    /// <summary>The Blob service (SharedKey, <see cref="StorageApiVersions.Blob"/>).</summary>
    Blob,
}
