using Azure;
using Azure.Data.Tables;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Builds the OData <c>$filter</c> texts the adapters use (through <see cref="TableClient.CreateQueryFilter(FormattableString)"/>,
/// which quotes and escapes every value), and the entity and transaction helpers they share.
/// </summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities.</remarks>
internal static class TableQueries
{
    /// <summary>The rows of one partition whose RowKey starts with <paramref name="prefix"/> (a forward range).</summary>
    public static string StartsWith(string partitionKey, string prefix) => Range(partitionKey, prefix, inclusive: true, PrefixEnd(prefix));

    /// <summary>The rows of one partition with RowKey from <paramref name="lower"/> (inclusive or not) to below <paramref name="upper"/>.</summary>
    public static string Range(string partitionKey, string lower, bool inclusive, string upper) => inclusive
        ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {lower} and RowKey lt {upper}")
        : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {lower} and RowKey lt {upper}");

    /// <summary>All rows of one partition.</summary>
    public static string Partition(string partitionKey) => TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");

    /// <summary>The first string after every string that starts with <paramref name="prefix"/> (its last character incremented).</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>Sets a property and returns the entity, for chaining.</summary>
    public static TableEntity Set(this TableEntity entity, string name, object value)
    {
        entity[name] = value;
        return entity;
    }

    /// <summary>Inserts the row (fails with 409 when it exists).</summary>
    public static TableTransactionAction Insert(TableEntity entity) => new(TableTransactionActionType.Add, entity);

    /// <summary>Inserts or replaces the row.</summary>
    public static TableTransactionAction Upsert(TableEntity entity) => new(TableTransactionActionType.UpsertReplace, entity);

    /// <summary>Merges into the existing row with <c>If-Match</c> <paramref name="ifMatch"/>.</summary>
    public static TableTransactionAction Merge(TableEntity entity, ETag ifMatch) => new(TableTransactionActionType.UpdateMerge, entity, ifMatch);

    /// <summary>Replaces the existing row with <c>If-Match</c> <paramref name="ifMatch"/>.</summary>
    public static TableTransactionAction Update(TableEntity entity, ETag ifMatch) => new(TableTransactionActionType.UpdateReplace, entity, ifMatch);

    /// <summary>Deletes the row with <c>If-Match</c> <paramref name="ifMatch"/> (<see cref="ETag.All"/> for any).</summary>
    public static TableTransactionAction Delete(string partitionKey, string rowKey, ETag ifMatch) =>
        new(TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), ifMatch);
}
