using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tables;

/// <content>Query Entities with continuation.</content>
public sealed partial class TableClient
{
    /// <summary>
    /// Queries the table page by page, following the service's continuation headers until the last page. Each page
    /// is fetched only when the enumeration reaches it.
    /// </summary>
    /// <param name="query">The filter, projection and page size; <see langword="null"/> for every entity.</param>
    /// <param name="continuationToken">A <see cref="TablePage.ContinuationToken"/> from an earlier page of the same query to resume after, or <see langword="null"/> to start.</param>
    /// <param name="cancellationToken">A token that cancels the enumeration.</param>
    /// <returns>The pages, in PartitionKey then RowKey order; a page may be empty yet have a continuation token.</returns>
    /// <exception cref="ArgumentException"><paramref name="query"/> has an invalid <c>$select</c> name or <c>Top</c>, or <paramref name="continuationToken"/> is malformed.</exception>
    /// <exception cref="StorageNotFoundException">The table does not exist.</exception>
    /// <exception cref="StorageException">The service rejected the query (e.g. 400 <c>InvalidInput</c>).</exception>
    /// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/query-entities and query-timeout-and-pagination.</remarks>
    public async IAsyncEnumerable<TablePage> QueryAsync(TableQuery? query = null, string? continuationToken = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new TableQuery();
        if (query.Top is { } top && top is < 1 or > TableLimits.MaxEntitiesPerPage)
        {
            throw new ArgumentException($"Top must be 1-{TableLimits.MaxEntitiesPerPage}.", nameof(query));
        }

        var (nextPartitionKey, nextRowKey) = continuationToken is null ? (null, null) : DecodeContinuation(continuationToken);
        var operation = $"Query table '{Name}'";
        do
        {
            using var message = CreateMessage(RequestMethod.Get, $"/{Name}()");
            if (query.Filter is not null)
            {
                message.Request.Uri.AppendQuery("$filter", query.Filter.Expression, escapeValue: true);
            }

            AppendSelect(message, query.Select);
            if (query.Top is { } pageSize)
            {
                message.Request.Uri.AppendQuery("$top", pageSize.ToString(CultureInfo.InvariantCulture), escapeValue: true);
            }

            if (nextPartitionKey is not null)
            {
                message.Request.Uri.AppendQuery("NextPartitionKey", nextPartitionKey, escapeValue: true);
            }

            if (nextRowKey is not null)
            {
                message.Request.Uri.AppendQuery("NextRowKey", nextRowKey, escapeValue: true);
            }

            var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
            var entities = new List<TableEntity>();
            using (var document = await JsonDocument.ParseAsync(response.ContentStream!, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("value", out var values) && values.ValueKind == JsonValueKind.Array)
                {
                    foreach (var element in values.EnumerateArray())
                    {
                        entities.Add(TableEntityJson.Read(element));
                    }
                }
            }

            nextPartitionKey = Header(response, "x-ms-continuation-NextPartitionKey");
            nextRowKey = Header(response, "x-ms-continuation-NextRowKey");
            var token = nextPartitionKey is null ? null : EncodeContinuation(nextPartitionKey, nextRowKey);
            yield return new TablePage(entities, token);
        }
        while (nextPartitionKey is not null);
    }

    /// <summary>Encodes the continuation pair as base64url of <c>nextPartitionKey '\n' nextRowKey</c>.</summary>
    internal static string EncodeContinuation(string nextPartitionKey, string? nextRowKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(nextPartitionKey + "\n" + (nextRowKey ?? string.Empty)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a token made by <see cref="EncodeContinuation"/>.</summary>
    /// <exception cref="ArgumentException">The token is malformed.</exception>
    internal static (string NextPartitionKey, string? NextRowKey) DecodeContinuation(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (newline <= 0)
            {
                throw new FormatException("no separator");
            }

            var rowKey = text[(newline + 1)..];
            return (text[..newline], rowKey.Length == 0 ? null : rowKey);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The continuation token is malformed.", nameof(token), ex);
        }
    }

    private static string? Header(Response response, string name) =>
        response.Headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
