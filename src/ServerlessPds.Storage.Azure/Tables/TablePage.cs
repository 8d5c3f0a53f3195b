namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>One page of query results and the token to resume after it.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/query-timeout-and-pagination (continuation headers
/// <c>x-ms-continuation-NextPartitionKey</c> and <c>x-ms-continuation-NextRowKey</c>).</remarks>
public sealed class TablePage
{
    internal TablePage(IReadOnlyList<TableEntity> entities, string? continuationToken)
    {
        Entities = entities;
        ContinuationToken = continuationToken;
    }

    /// <summary>Gets the entities of this page, in PartitionKey then RowKey order (possibly none).</summary>
    public IReadOnlyList<TableEntity> Entities { get; }

    /// <summary>
    /// Gets an opaque, URL-safe token that resumes the same query after this page (pass it to
    /// <see cref="TableClient.QueryAsync"/>), or <see langword="null"/> when this is the last page.
    /// </summary>
    public string? ContinuationToken { get; }
}
