namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>What a <see cref="TableClient.QueryAsync"/> call asks for: a filter, a projection and a page size.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/query-entities (<c>$filter</c>, <c>$select</c>, <c>$top</c>).</remarks>
public sealed record TableQuery
{
    /// <summary>Gets the filter, or <see langword="null"/> for every entity in the table.</summary>
    public TableFilter? Filter { get; init; }

    /// <summary>
    /// Gets the custom property names to return (<c>$select</c>), or <see langword="null"/> for all. PartitionKey, RowKey,
    /// Timestamp and the ETag always come back.
    /// </summary>
    public IReadOnlyList<string>? Select { get; init; }

    /// <summary>
    /// Gets the most entities per page (<c>$top</c>, 1 to <see cref="TableLimits.MaxEntitiesPerPage"/>), or
    /// <see langword="null"/> for the service's default of up to 1000. Pages may hold fewer, even none, and still continue.
    /// </summary>
    public int? Top { get; init; }
}
