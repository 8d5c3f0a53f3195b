namespace ServerlessPds.Host.Configuration;

/// <summary>
/// Where the PDS's Azure Storage account is: either a <see cref="ConnectionString"/> (Shared Key; Azurite, key-based
/// accounts) or the service endpoints <see cref="TableEndpoint"/> and <see cref="BlobEndpoint"/> reached with a managed
/// identity. Bound from <c>Pds:Storage</c> (environment <c>Pds__Storage__ConnectionString</c>, ...).
/// </summary>
public sealed class PdsStorageOptions
{
    /// <summary>
    /// Gets or sets where data is kept: <see cref="PdsStorageMode.Azure"/> (the default; needs the connection string or
    /// endpoints) or <see cref="PdsStorageMode.Memory"/> (<c>Pds__Storage__Mode=memory</c>; lost on exit, no Azure settings needed).
    /// </summary>
    public PdsStorageMode Mode { get; set; } = PdsStorageMode.Azure;

    /// <summary>
    /// Gets or sets an Azure Storage connection string with <c>AccountName</c> and <c>AccountKey</c>, e.g. Azurite's
    /// <c>DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=...;TableEndpoint=...;BlobEndpoint=...</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the Table service endpoint for managed identity access, e.g. <c>https://st123.table.core.windows.net</c>.</summary>
    public string? TableEndpoint { get; set; }

    /// <summary>Gets or sets the Blob service endpoint for managed identity access, e.g. <c>https://st123.blob.core.windows.net</c>.</summary>
    public string? BlobEndpoint { get; set; }

    /// <summary>
    /// Gets or sets the client ID of the user-assigned managed identity to use with the endpoints, or
    /// <see langword="null"/> for the system-assigned identity (or the developer's Azure credentials).
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }
}
