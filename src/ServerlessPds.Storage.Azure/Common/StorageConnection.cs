using Azure.Core;
using Azure.Core.Pipeline;
using ServerlessPds.Storage.Azure.Blobs;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// The entry point to one storage account: holds the Table and Blob endpoints and one Azure.Core
/// <see cref="HttpPipeline"/> per service (x-ms-version, client request id, retries with exponential back-off on
/// 408/429/500/502/503/504 and on connection failures, authorization, logging), and hands out
/// <see cref="TableClient"/>s and <see cref="BlobContainerClient"/>s that share them. Thread-safe; create one per account.
/// </summary>
/// <remarks>
/// Authorization is Shared Key (from a connection string: <c>SharedKey</c> for blobs, <c>SharedKeyLite</c> for tables,
/// both accepted by Azure and Azurite) or Microsoft Entra ID (a <see cref="TokenCredential"/>, e.g. a managed identity,
/// through <see cref="BearerTokenAuthenticationPolicy"/> with scope <see cref="StorageScope"/>; HTTPS only).
/// Spec: learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key and authorize-with-azure-active-directory.
/// </remarks>
public sealed class StorageConnection
{
    /// <summary>The OAuth scope for Azure Storage data-plane tokens.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly StoragePipeline? _table;
    private readonly StoragePipeline? _blob;

    /// <summary>Initializes a connection authorized with the account key of <paramref name="connectionString"/>.</summary>
    /// <param name="connectionString">The parsed connection string.</param>
    /// <param name="options">Retry, timeout and transport options; <see langword="null"/> for the defaults.</param>
    public StorageConnection(StorageConnectionString connectionString, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        options ??= new StorageClientOptions();
        AccountName = connectionString.AccountName;
        _table = Build(options, connectionString.TableEndpoint, StorageService.Table,
            new SharedKeyPolicy(connectionString.AccountName, connectionString.AccountKey, StorageService.Table));
        _blob = Build(options, connectionString.BlobEndpoint, StorageService.Blob,
            new SharedKeyPolicy(connectionString.AccountName, connectionString.AccountKey, StorageService.Blob));
    }

    /// <summary>Initializes a connection authorized with Microsoft Entra ID tokens (e.g. a managed identity).</summary>
    /// <param name="tableEndpoint">The Table endpoint, e.g. <c>https://acct.table.core.windows.net</c>; <see langword="null"/> if unused.</param>
    /// <param name="blobEndpoint">The Blob endpoint, e.g. <c>https://acct.blob.core.windows.net</c>; <see langword="null"/> if unused.</param>
    /// <param name="credential">The credential that issues tokens for <see cref="StorageScope"/>.</param>
    /// <param name="options">Retry, timeout and transport options; <see langword="null"/> for the defaults.</param>
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
            _table = Build(options, tableEndpoint, StorageService.Table, new BearerTokenAuthenticationPolicy(credential, StorageScope));
        }

        if (blobEndpoint is not null)
        {
            RequireHttps(blobEndpoint, nameof(blobEndpoint));
            _blob = Build(options, blobEndpoint, StorageService.Blob, new BearerTokenAuthenticationPolicy(credential, StorageScope));
        }
    }

    /// <summary>Gets the account name, or <see langword="null"/> for a token-authorized connection.</summary>
    public string? AccountName { get; }

    /// <summary>Gets the Table endpoint, or <see langword="null"/> if this connection has none.</summary>
    public Uri? TableEndpoint => _table?.Endpoint;

    /// <summary>Gets the Blob endpoint, or <see langword="null"/> if this connection has none.</summary>
    public Uri? BlobEndpoint => _blob?.Endpoint;

    /// <summary>Creates a connection from a connection string.</summary>
    /// <param name="connectionString">The connection string; see <see cref="StorageConnectionString"/>.</param>
    /// <param name="options">Retry, timeout and transport options; <see langword="null"/> for the defaults.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="FormatException"><paramref name="connectionString"/> is malformed.</exception>
    public static StorageConnection FromConnectionString(string connectionString, StorageClientOptions? options = null) =>
        new(StorageConnectionString.Parse(connectionString), options);

    /// <summary>Gets a client for one table (no request is sent).</summary>
    /// <param name="tableName">The table name: 3-63 ASCII letters and digits, starting with a letter, not <c>tables</c>.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ArgumentException"><paramref name="tableName"/> is not a valid table name.</exception>
    /// <exception cref="InvalidOperationException">This connection has no Table endpoint.</exception>
    public TableClient GetTableClient(string tableName) =>
        new(_table ?? throw new InvalidOperationException("This storage connection has no Table endpoint."), tableName);

    /// <summary>Gets a client for one blob container (no request is sent).</summary>
    /// <param name="containerName">The container name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ArgumentException"><paramref name="containerName"/> is not a valid container name.</exception>
    /// <exception cref="InvalidOperationException">This connection has no Blob endpoint.</exception>
    public BlobContainerClient GetBlobContainerClient(string containerName) =>
        new(_blob ?? throw new InvalidOperationException("This storage connection has no Blob endpoint."), containerName);

    private static StoragePipeline Build(StorageClientOptions options, Uri endpoint, StorageService service, HttpPipelinePolicy auth)
    {
        var version = service == StorageService.Table ? StorageApiVersions.Table : StorageApiVersions.Blob;
        var pipeline = HttpPipelineBuilder.Build(options, [new StorageVersionPolicy(version)], [auth], new ResponseClassifier());
        return new StoragePipeline(pipeline, endpoint, service);
    }

    private static void RequireHttps(Uri endpoint, string parameterName)
    {
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Token authorization needs an absolute https endpoint, not '{endpoint}'.", parameterName);
        }
    }
}
