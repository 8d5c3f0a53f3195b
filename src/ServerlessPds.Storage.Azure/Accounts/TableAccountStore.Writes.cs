using Azure;
using Azure.Data.Tables;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Accounts;

/// <content>
/// Conditional writes that see through the pipeline's retries: each write stamps a fresh <c>WriteId</c>, and a 409 on
/// insert or 412 on update is re-checked against the stored entity's <c>WriteId</c>.
/// </content>
public sealed partial class TableAccountStore
{
    /// <summary>Inserts; <see langword="false"/> when another entity holds the keys.</summary>
    private static async Task<bool> TryInsertAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        var writeId = Guid.NewGuid();
        entity.Set(WriteIdProperty, writeId);
        try
        {
            await table.InsertAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var stored = await table.GetAsync(entity.PartitionKey, entity.RowKey, null, cancellationToken).ConfigureAwait(false);
            return stored?.GetGuid(WriteIdProperty) == writeId;
        }
    }

    /// <summary>Replaces If-Match <paramref name="eTag"/>; <see langword="false"/> when the entity changed or is gone.</summary>
    private static async Task<bool> TryUpdateAsync(TableClient table, TableEntity entity, string eTag, CancellationToken cancellationToken)
    {
        var writeId = Guid.NewGuid();
        entity.Set(WriteIdProperty, writeId);
        try
        {
            await table.UpdateAsync(entity, new ETag(eTag), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            var stored = await table.GetAsync(entity.PartitionKey, entity.RowKey, null, cancellationToken).ConfigureAwait(false);
            return stored?.GetGuid(WriteIdProperty) == writeId;
        }
        catch (RequestFailedException e) when (StorageErrors.IsNotFound(e))
        {
            return false;
        }
    }

    /// <summary>Deletes (If-Match when given); <see langword="false"/> when it was gone or changed.</summary>
    private static async Task<bool> TryDeleteAsync(TableClient table, string partitionKey, string rowKey, ETag? ifMatch,
        CancellationToken cancellationToken)
    {
        try
        {
            return await table.DeleteRowAsync(partitionKey, rowKey, ifMatch, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    private static Task<bool> TryDeleteAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        TryDeleteAsync(table, partitionKey, rowKey, null, cancellationToken);

    private static async Task<List<TableEntity>> QueryPrefixAsync(TableClient table, string partitionKey, string rowKeyPrefix,
        CancellationToken cancellationToken)
    {
        return await table.QueryRowsAsync(TableQueries.StartsWith(partitionKey, rowKeyPrefix), int.MaxValue, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }
}
