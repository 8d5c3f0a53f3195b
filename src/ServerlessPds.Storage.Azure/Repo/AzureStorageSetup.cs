using Azure;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Repo;

/// <summary>Creates the tables and blob containers of the repo layout at start-up.</summary>
/// <remarks>docs/architecture.md, "Storage layout". Idempotent: existing tables and containers are left as they are.</remarks>
public static class AzureStorageSetup
{
    /// <summary>Creates every table and container in <paramref name="names"/> that does not exist yet.</summary>
    /// <param name="connection">The storage account (it needs both a Table and a Blob endpoint).</param>
    /// <param name="names">The names; <see cref="AzureRepoStorageNames.Default"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the requests.</param>
    /// <returns>A task that completes when all exist.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="connection"/> lacks a Table or Blob endpoint.</exception>
    /// <exception cref="Protocol.Xrpc.XrpcException">Storage could not be reached.</exception>
    /// <exception cref="RequestFailedException">Storage refused a request (e.g. 403 for wrong credentials).</exception>
    public static async Task CreateTablesAndContainersAsync(
        StorageConnection connection, AzureRepoStorageNames? names = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        names ??= AzureRepoStorageNames.Default;
        await Task.WhenAll(
            connection.GetTableClient(names.ReposTable).CreateIfNotExistsAsync(cancellationToken),
            connection.GetTableClient(names.EventsTable).CreateIfNotExistsAsync(cancellationToken),
            connection.GetTableClient(names.PendingTable).CreateIfNotExistsAsync(cancellationToken),
            connection.GetBlobContainerClient(names.BlocksContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            connection.GetBlobContainerClient(names.EventsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            connection.GetBlobContainerClient(names.SnapshotsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
