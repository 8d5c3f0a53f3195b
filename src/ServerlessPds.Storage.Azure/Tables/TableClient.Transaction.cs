using System.Globalization;
using Azure;
using Azure.Core;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tables;

/// <content>Entity group transactions.</content>
public sealed partial class TableClient
{
    /// <summary>
    /// Applies up to <see cref="TableLimits.MaxTransactionOperations"/> operations on entities of one partition
    /// atomically: either all succeed or none is applied.
    /// </summary>
    /// <param name="actions">1 to 100 actions with the same PartitionKey, each RowKey at most once; the serialized batch at most <see cref="TableLimits.MaxTransactionPayloadBytes"/>.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The new ETag of each action's entity, in action order (<see langword="default"/> for deletes).</returns>
    /// <exception cref="ArgumentException"><paramref name="actions"/> is empty or has more than 100 actions, mixes partitions, or repeats a RowKey.</exception>
    /// <exception cref="StorageEntityTooLargeException">An entity or the whole batch breaks a size limit (checked before sending; <see cref="StorageException.FailedOperationIndex"/> names the entity).</exception>
    /// <exception cref="StoragePreconditionFailedException">An action's <c>If-Match</c> was stale; nothing was applied. <see cref="StorageException.FailedOperationIndex"/> names the action.</exception>
    /// <exception cref="StorageConflictException">An insert found an existing entity; nothing was applied.</exception>
    /// <exception cref="StorageNotFoundException">An update, merge-with-ETag or delete found no entity (or the table is missing); nothing was applied.</exception>
    /// <exception cref="StorageException">The service rejected the batch for another reason.</exception>
    /// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions.</remarks>
    public async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(IReadOnlyList<TableTransactionAction> actions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }

        var operation = $"Transaction of {actions.Count} operations on table '{Name}'";
        if (EnforceLimits)
        {
            CheckTransactionShape(actions);
        }

        var requests = new List<TableBatchCodec.SubRequest>(actions.Count);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i] ?? throw new ArgumentException($"Action {i} is null.", nameof(actions));
            var entity = action.Entity;
            var entityUrl = _pipeline.BaseUrl + TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey);
            var ifMatch = action.IfMatch?.ToString();
            requests.Add(action.ActionType switch
            {
                TableTransactionActionType.Insert => new("POST", _pipeline.BaseUrl + "/" + Name, null, SerializeChecked(entity, operation, i)),
                TableTransactionActionType.Upsert => new("PUT", entityUrl, null, SerializeChecked(entity, operation, i)),
                TableTransactionActionType.Merge => new("MERGE", entityUrl, ifMatch, SerializeChecked(entity, operation, i)),
                TableTransactionActionType.Update => new("PUT", entityUrl, ifMatch, SerializeChecked(entity, operation, i)),
                TableTransactionActionType.Delete => new("DELETE", entityUrl, ifMatch ?? "*", null),
                _ => throw new ArgumentException($"Action {i} has an unknown type.", nameof(actions)),
            });
        }

        var batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        var body = TableBatchCodec.BuildBody(batchBoundary, changesetBoundary, requests);
        if (EnforceLimits && body.Length > TableLimits.MaxTransactionPayloadBytes)
        {
            throw new StorageEntityTooLargeException(
                $"{operation}: the batch payload is {body.Length} bytes; the limit is {TableLimits.MaxTransactionPayloadBytes} (TableLimits.MaxTransactionPayloadBytes).",
                errorCode: "RequestBodyTooLarge");
        }

        using var message = CreateMessage(RequestMethod.Post, "/$batch");
        message.Request.Headers.SetValue("Content-Type", "multipart/mixed; boundary=" + batchBoundary);
        message.Request.Content = RequestContent.Create(body);
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status != 202)
        {
            await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<TableBatchCodec.SubResponse> results;
        try
        {
            response.Headers.TryGetValue("Content-Type", out var contentType);
            results = TableBatchCodec.ParseResponse(contentType, response.Content.ToArray());
        }
        catch (FormatException ex)
        {
            throw new StorageException($"{operation}: the batch response could not be read ({ex.Message}).", response.Status,
                "InvalidResponse", innerException: ex);
        }

        foreach (var result in results)
        {
            if (result.Status is < 200 or > 299)
            {
                throw FailedOperation(result, actions.Count, operation);
            }
        }

        if (results.Count != actions.Count)
        {
            throw new StorageException($"{operation}: the service answered {results.Count} operations instead of {actions.Count}.",
                response.Status, "InvalidResponse");
        }

        return results.Select(r => r.Headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default).ToArray();
    }

    private static void CheckTransactionShape(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count > TableLimits.MaxTransactionOperations)
        {
            throw new ArgumentException(
                $"A transaction holds at most {TableLimits.MaxTransactionOperations} operations (TableLimits.MaxTransactionOperations); got {actions.Count}.",
                nameof(actions));
        }

        var partitionKey = actions[0]?.Entity.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = actions[i]?.Entity ?? throw new ArgumentException($"Action {i} is null.", nameof(actions));
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"All actions of a transaction must share one PartitionKey; action {i} differs.", nameof(actions));
            }

            if (!rowKeys.Add(entity.RowKey))
            {
                throw new ArgumentException($"Action {i} repeats a RowKey; an entity may appear once per transaction.", nameof(actions));
            }
        }
    }

    private static StorageException FailedOperation(TableBatchCodec.SubResponse result, int actionCount, string operation)
    {
        string? code = null;
        string? text = null;
        if (result.Body.Length > 0)
        {
            try
            {
                (code, text) = StorageErrors.ParseJson(System.Text.Encoding.UTF8.GetBytes(result.Body));
            }
            catch (System.Text.Json.JsonException)
            {
                text = null;
            }
        }

        int? index = null;
        if (text is not null)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                index = parsed;
                text = text[(colon + 1)..];
            }

            var newline = text.IndexOfAny(['\r', '\n']);
            text = (newline < 0 ? text : text[..newline]).Trim();
        }

        if (index is null && result.Headers.TryGetValue("Content-ID", out var contentId)
            && int.TryParse(contentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1)
        {
            index = id - 1;
        }

        if (index is null && actionCount == 1)
        {
            index = 0;
        }

        if (index is { } i && (i < 0 || i >= actionCount))
        {
            index = null;
        }

        return StorageErrors.Create(result.Status, code, text, operation, index);
    }
}
