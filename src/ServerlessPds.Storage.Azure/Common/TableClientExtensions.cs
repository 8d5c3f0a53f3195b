using Azure;
using Azure.Data.Tables;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Shorthands over <see cref="TableClient"/> for the adapters: each is one SDK call (one request), returning the ETag
/// the service answered, or <see langword="null"/> for an absent row. Failures are the SDK's
/// <see cref="RequestFailedException"/> (see <see cref="StorageErrors"/>).
/// </summary>
internal static class TableClientExtensions
{
    /// <summary>Reads one row (Query Entity); <see langword="null"/> when absent.</summary>
    public static async Task<TableEntity?> GetAsync(this TableClient table, string partitionKey, string rowKey,
        IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Inserts a row (Insert Entity); 409 when it exists.</summary>
    public static async Task<ETag> InsertAsync(this TableClient table, TableEntity entity, CancellationToken cancellationToken = default) =>
        (await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)).Headers.ETag ?? default;

    /// <summary>Inserts or replaces a row (Insert Or Replace Entity).</summary>
    public static async Task<ETag> UpsertAsync(this TableClient table, TableEntity entity, CancellationToken cancellationToken = default) =>
        (await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag ?? default;

    /// <summary>Merges properties into an existing row with <c>If-Match</c> (Merge Entity); 412 when the ETag moved, 404 when absent.</summary>
    public static async Task<ETag> MergeAsync(this TableClient table, TableEntity entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        (await table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false)).Headers.ETag ?? default;

    /// <summary>Replaces an existing row with <c>If-Match</c> (Update Entity); 412 when the ETag moved, 404 when absent.</summary>
    public static async Task<ETag> UpdateAsync(this TableClient table, TableEntity entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        (await table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false)).Headers.ETag ?? default;

    /// <summary>Deletes a row (Delete Entity, <c>If-Match</c> <paramref name="ifMatch"/> or any); <see langword="false"/> when it was absent.</summary>
    public static async Task<bool> DeleteRowAsync(this TableClient table, string partitionKey, string rowKey, ETag? ifMatch = null,
        CancellationToken cancellationToken = default)
    {
        var response = await table.DeleteEntityAsync(partitionKey, rowKey, ifMatch ?? ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    /// <summary>Submits one entity group transaction (one request) and returns the ETag each action left (default for deletes).</summary>
    public static async Task<IReadOnlyList<ETag>> SubmitAsync(this TableClient table, IReadOnlyList<TableTransactionAction> actions,
        CancellationToken cancellationToken = default)
    {
        var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        return response.Value.Select(r => r.Headers.ETag ?? default).ToList();
    }

    /// <summary>Reads the rows <paramref name="filter"/> selects, in key order, at most <paramref name="max"/>.</summary>
    public static async Task<List<TableEntity>> QueryRowsAsync(this TableClient table, string filter, int max,
        IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        var pageSize = (int)Math.Min(max, Tables.TableLimits.MaxEntitiesPerPage);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken).AsPages().ConfigureAwait(false))
        {
            rows.AddRange(page.Values.Take(max - rows.Count));
            if (rows.Count >= max)
            {
                break;
            }
        }

        return rows;
    }
}
