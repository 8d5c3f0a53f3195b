using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// The entry point to one storage account: builds one <see cref="TableServiceClient"/> and one
/// <see cref="BlobServiceClient"/> (Azure.Data.Tables and Azure.Storage.Blobs) with the settings of
/// <see cref="StorageClientOptions"/>, and hands out <see cref="TableClient"/>s and <see cref="BlobContainerClient"/>s
/// that share their pipelines. Thread-safe; create one per account.
/// </summary>
/// <remarks>
/// Authorization is Shared Key from a connection string (Azurite's <c>UseDevelopmentStorage=true</c> or explicit
/// endpoints and account key), or Microsoft Entra ID through a <see cref="TokenCredential"/> (e.g. a managed identity;
/// HTTPS endpoints only). Spec: learn.microsoft.com/azure/storage/common/storage-configure-connection-string and
/// authorize-access-azure-active-directory.
/// </remarks>
public sealed class StorageConnection
{
    private readonly TableServiceClient? _tables;
    private readonly BlobServiceClient? _blobs;

    /// <summary>Initializes a connection authorized with the account key of <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">An Azure Storage connection string with a Table and a Blob endpoint.</param>
    /// <param name="options">Retries, timeout, transport and policies; <see langword="null"/> for the defaults.</param>
    /// <exception cref="FormatException"><paramref name="connectionString"/> is malformed.</exception>
    public StorageConnection(string connectionString, StorageClientOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        options ??= new StorageClientOptions();
        try
        {
            _tables = new TableServiceClient(connectionString, options.ToTableOptions());
            _blobs = new BlobServiceClient(connectionString, options.ToBlobOptions());
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new FormatException($"The storage connection string is malformed: {e.Message}", e);
        }

        AccountName = _tables.AccountName;
    }

    /// <summary>Initializes a connection authorized with Microsoft Entra ID tokens (e.g. a managed identity).</summary>
    /// <param name="tableEndpoint">The Table endpoint, e.g. <c>https://acct.table.core.windows.net</c>; <see langword="null"/> if unused.</param>
    /// <param name="blobEndpoint">The Blob endpoint, e.g. <c>https://acct.blob.core.windows.net</c>; <see langword="null"/> if unused.</param>
    /// <param name="credential">The credential that issues tokens for Azure Storage.</param>
    /// <param name="options">Retries, timeout, transport and policies; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">Both endpoints are <see langword="null"/>, or one is not an absolute https URL.</exception>
    public StorageConnection(Uri? tableEndpoint, Uri? blobEndpoint, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (tableEndpoint is null && blobEndpoint is null)
        {
            throw new ArgumentException("At least one of the Table and Blob endpoints is required.", nameof(tableEndpoint));
        }

        options ??= new StorageClientOptions();
        if (tableEndpoint is not null)
        {
            RequireHttps(tableEndpoint, nameof(tableEndpoint));
            _tables = new TableServiceClient(tableEndpoint, credential, options.ToTableOptions());
        }

        if (blobEndpoint is not null)
        {
            RequireHttps(blobEndpoint, nameof(blobEndpoint));
            _blobs = new BlobServiceClient(blobEndpoint, credential, options.ToBlobOptions());
        }
    }

    /// <summary>Gets the account name, or <see langword="null"/> for a token-authorized connection.</summary>
    public string? AccountName { get; }

    /// <summary>Gets the Table endpoint, or <see langword="null"/> if this connection has none.</summary>
    public Uri? TableEndpoint => _tables?.Uri;

    /// <summary>Gets the Blob endpoint, or <see langword="null"/> if this connection has none.</summary>
    public Uri? BlobEndpoint => _blobs?.Uri;

    /// <summary>Creates a connection from a connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="options">Retries, timeout, transport and policies; <see langword="null"/> for the defaults.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="FormatException"><paramref name="connectionString"/> is malformed.</exception>
    public static StorageConnection FromConnectionString(string connectionString, StorageClientOptions? options = null) =>
        new(connectionString, options);

    /// <summary>Gets a client for one table (no request is sent).</summary>
    /// <param name="tableName">The table name: 3-63 ASCII letters and digits, starting with a letter.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">This connection has no Table endpoint.</exception>
    public TableClient GetTableClient(string tableName) =>
        (_tables ?? throw new InvalidOperationException("This storage connection has no Table endpoint.")).GetTableClient(tableName);

    /// <summary>Gets a client for one blob container (no request is sent).</summary>
    /// <param name="containerName">The container name: 3-63 lowercase letters, digits and single hyphens.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">This connection has no Blob endpoint.</exception>
    public BlobContainerClient GetBlobContainerClient(string containerName) =>
        (_blobs ?? throw new InvalidOperationException("This storage connection has no Blob endpoint.")).GetBlobContainerClient(containerName);

    private static void RequireHttps(Uri endpoint, string parameterName)
    {
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Token authorization needs an absolute https endpoint, not '{endpoint}'.", parameterName);
        }
    }
}
