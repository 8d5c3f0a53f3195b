using Azure;
using ServerlessPds.Storage.Azure.Common;
using ServerlessPds.Storage.Azure.Tables;

namespace ServerlessPds.Storage.Azure.Accounts;

/// <content>
/// Conditional writes that see through the pipeline's retries: each write stamps a fresh <c>WriteId</c>, and a 409 on
/// insert or 412 on update is re-checked against the stored entity's <c>WriteId</c>.
/// </content>
public sealed partial class TableAccountStore
{
    private const string TableNotFoundCode = "TableNotFound";

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
        catch (StorageConflictException)
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
        catch (StoragePreconditionFailedException)
        {
            var stored = await table.GetAsync(entity.PartitionKey, entity.RowKey, null, cancellationToken).ConfigureAwait(false);
            return stored?.GetGuid(WriteIdProperty) == writeId;
        }
        catch (StorageNotFoundException e) when (e.ErrorCode != TableNotFoundCode)
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
            await table.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StorageNotFoundException e) when (e.ErrorCode != TableNotFoundCode)
        {
            return false;
        }
        catch (StoragePreconditionFailedException)
        {
            return false;
        }
    }

    private static Task<bool> TryDeleteAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        TryDeleteAsync(table, partitionKey, rowKey, null, cancellationToken);

    private static async Task<List<TableEntity>> QueryPrefixAsync(TableClient table, string partitionKey, string rowKeyPrefix,
        CancellationToken cancellationToken)
    {
        var query = new TableQuery
        {
            Filter = TableFilter.And(TableFilter.PartitionKeyEquals(partitionKey), TableFilter.StartsWith("RowKey", rowKeyPrefix)),
        };
        var entities = new List<TableEntity>();
        await foreach (var page in table.QueryAsync(query, null, cancellationToken).ConfigureAwait(false))
        {
            entities.AddRange(page.Entities);
        }
        return entities;
    }
}
