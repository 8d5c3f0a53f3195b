using System.Text;
using Azure;
using Azure.Core;
using ServerlessPds.Storage.Azure.Common;

namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>
/// A typed REST client for one Azure Storage table: create, point reads, inserts, upserts, merges, conditional updates
/// and deletes, paged queries and entity group transactions. Obtain one from <see cref="StorageConnection.GetTableClient"/>;
/// it is thread-safe and cheap.
/// </summary>
/// <remarks>
/// Every method sends JSON (OData v3, <c>minimalmetadata</c>) and maps failures to the <see cref="StorageException"/>
/// family: 404 <see cref="StorageNotFoundException"/>, 409 <see cref="StorageConflictException"/>, 412
/// <see cref="StoragePreconditionFailedException"/>, size errors <see cref="StorageEntityTooLargeException"/>, no response
/// or throttling after retries <see cref="StorageUnavailableException"/>.
/// Retries: the pipeline retries a write whose response was lost, so a write can be applied and still fail on a later
/// try: a retried insert then answers 409, a retried <c>If-Match</c> update 412 (the ETag moved). Callers that must know
/// (such as a repo head swap) re-read the entity after a 409, 412 or <see cref="StorageUnavailableException"/> and check
/// whether it already holds what they wrote.
/// Spec: learn.microsoft.com/rest/api/storageservices/table-service-rest-api (Create Table, Insert Entity, Insert Or
/// Replace Entity, Insert Or Merge Entity, Update Entity, Merge Entity, Delete Entity, Query Entities).
/// </remarks>
public sealed partial class TableClient
{
    private const string JsonAccept = "application/json;odata=minimalmetadata";
    private static readonly RequestMethod MergeMethod = new("MERGE");
    private readonly StoragePipeline _pipeline;

    internal TableClient(StoragePipeline pipeline, string tableName)
    {
        TableNames.ValidateTableName(tableName);
        _pipeline = pipeline;
        Name = tableName;
    }

    /// <summary>Gets the table name.</summary>
    public string Name { get; }

    /// <summary>Gets or sets a value indicating whether client-side limit checks run (tests turn them off to see the service's own answer).</summary>
    internal bool EnforceLimits { get; set; } = true;

    /// <summary>Creates the table unless it exists.</summary>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns><see langword="true"/> if the table was created; <see langword="false"/> if it already existed.</returns>
    /// <exception cref="StorageException">The service refused the request (e.g. 409 <c>TableBeingDeleted</c>).</exception>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var operation = $"Create table '{Name}'";
        using var message = CreateMessage(RequestMethod.Post, "/Tables");
        SetJson(message, Encoding.UTF8.GetBytes($"{{\"TableName\":\"{Name}\"}}"));
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 409)
        {
            var (code, text) = await StorageErrors.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            return code == "TableAlreadyExists" ? false : throw StorageErrors.Create(409, code, text, operation, null);
        }

        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes the table and all its entities, if it exists.</summary>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns><see langword="true"/> if the table was deleted; <see langword="false"/> if it did not exist.</returns>
    /// <exception cref="StorageException">The service refused the request.</exception>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        var operation = $"Delete table '{Name}'";
        using var message = CreateMessage(RequestMethod.Delete, $"/Tables('{Name}')");
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return false;
        }

        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Inserts a new entity.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The new entity's ETag.</returns>
    /// <exception cref="StorageConflictException">An entity with the same keys exists (<c>EntityAlreadyExists</c>).</exception>
    /// <exception cref="StorageEntityTooLargeException">The entity breaks a <see cref="TableLimits"/> size limit.</exception>
    /// <exception cref="StorageNotFoundException">The table does not exist.</exception>
    public async Task<ETag> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var operation = $"Insert {Describe(entity)} into table '{Name}'";
        var body = SerializeChecked(entity, operation);
        using var message = CreateMessage(RequestMethod.Post, "/" + Name);
        SetJson(message, body);
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        return await SendForETagAsync(message, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts the entity or replaces every property of an existing one (Insert Or Replace Entity).</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The entity's new ETag.</returns>
    /// <exception cref="StorageEntityTooLargeException">The entity breaks a <see cref="TableLimits"/> size limit.</exception>
    /// <exception cref="StorageNotFoundException">The table does not exist.</exception>
    public Task<ETag> UpsertAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        WriteAsync(entity, RequestMethod.Put, null, "Upsert", cancellationToken);

    /// <summary>
    /// Merges the entity's properties into the stored one (properties not sent are kept). With <paramref name="ifMatch"/>
    /// the entity must exist and match (Merge Entity); without it, a missing entity is inserted (Insert Or Merge Entity).
    /// </summary>
    /// <param name="entity">The properties to merge.</param>
    /// <param name="ifMatch">The ETag the stored entity must have, <see cref="ETag.All"/>, or <see langword="null"/> for insert-or-merge.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The entity's new ETag.</returns>
    /// <exception cref="StoragePreconditionFailedException"><paramref name="ifMatch"/> is stale.</exception>
    /// <exception cref="StorageNotFoundException"><paramref name="ifMatch"/> is given and the entity (or the table) does not exist.</exception>
    /// <exception cref="StorageEntityTooLargeException">The entity breaks a <see cref="TableLimits"/> size limit.</exception>
    public Task<ETag> MergeAsync(TableEntity entity, ETag? ifMatch = null, CancellationToken cancellationToken = default) =>
        WriteAsync(entity, MergeMethod, ifMatch, "Merge", cancellationToken);

    /// <summary>Replaces an existing entity if its ETag matches (Update Entity with <c>If-Match</c>).</summary>
    /// <param name="entity">The new entity.</param>
    /// <param name="ifMatch">The ETag the stored entity must have, or <see cref="ETag.All"/> for any.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The entity's new ETag.</returns>
    /// <exception cref="ArgumentException"><paramref name="ifMatch"/> is empty.</exception>
    /// <exception cref="StoragePreconditionFailedException">The stored entity's ETag differs (<c>UpdateConditionNotSatisfied</c>).</exception>
    /// <exception cref="StorageNotFoundException">The entity (or the table) does not exist.</exception>
    /// <exception cref="StorageEntityTooLargeException">The entity breaks a <see cref="TableLimits"/> size limit.</exception>
    public Task<ETag> UpdateAsync(TableEntity entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        WriteAsync(entity, RequestMethod.Put, TableTransactionAction.RequireETag(ifMatch), "Update", cancellationToken);

    /// <summary>Deletes an entity if its ETag matches.</summary>
    /// <param name="partitionKey">The PartitionKey.</param>
    /// <param name="rowKey">The RowKey.</param>
    /// <param name="ifMatch">The ETag the stored entity must have, or <see langword="null"/> for any (<c>*</c>).</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>A task that completes when the entity is deleted.</returns>
    /// <exception cref="ArgumentException">A key is invalid.</exception>
    /// <exception cref="StorageNotFoundException">The entity (or the table) does not exist.</exception>
    /// <exception cref="StoragePreconditionFailedException">The stored entity's ETag differs.</exception>
    public async Task DeleteAsync(string partitionKey, string rowKey, ETag? ifMatch = null, CancellationToken cancellationToken = default)
    {
        TableNames.ValidateKey(partitionKey, nameof(partitionKey));
        TableNames.ValidateKey(rowKey, nameof(rowKey));
        var operation = $"Delete {Describe(partitionKey, rowKey)} from table '{Name}'";
        using var message = CreateMessage(RequestMethod.Delete, TableNames.EntityPath(Name, partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", (ifMatch ?? ETag.All).ToString());
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one entity by its keys (a point read).</summary>
    /// <param name="partitionKey">The PartitionKey.</param>
    /// <param name="rowKey">The RowKey.</param>
    /// <param name="select">The custom properties to return, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The entity with its ETag and Timestamp, or <see langword="null"/> if it does not exist.</returns>
    /// <exception cref="ArgumentException">A key or a selected name is invalid.</exception>
    /// <exception cref="StorageNotFoundException">The table does not exist (<c>TableNotFound</c>).</exception>
    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, IReadOnlyList<string>? select = null,
        CancellationToken cancellationToken = default)
    {
        TableNames.ValidateKey(partitionKey, nameof(partitionKey));
        TableNames.ValidateKey(rowKey, nameof(rowKey));
        var operation = $"Get {Describe(partitionKey, rowKey)} from table '{Name}'";
        using var message = CreateMessage(RequestMethod.Get, TableNames.EntityPath(Name, partitionKey, rowKey));
        AppendSelect(message, select);
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            var (code, text) = await StorageErrors.ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            return code == "TableNotFound" ? throw StorageErrors.Create(404, code, text, operation, null) : null;
        }

        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        using var document = await System.Text.Json.JsonDocument.ParseAsync(response.ContentStream!, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return TableEntityJson.Read(document.RootElement, response.Headers.TryGetValue("ETag", out var etag) ? etag : null,
            (partitionKey, rowKey));
    }

    private async Task<ETag> WriteAsync(TableEntity entity, RequestMethod method, ETag? ifMatch, string verb,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var operation = $"{verb} {Describe(entity)} in table '{Name}'";
        var body = SerializeChecked(entity, operation);
        using var message = CreateMessage(method, TableNames.EntityPath(Name, entity.PartitionKey, entity.RowKey));
        SetJson(message, body);
        if (ifMatch is { } condition)
        {
            message.Request.Headers.SetValue("If-Match", condition.ToString());
        }

        return await SendForETagAsync(message, operation, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ETag> SendForETagAsync(HttpMessage message, string operation, CancellationToken cancellationToken)
    {
        var response = await _pipeline.SendAsync(message, operation, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default;
    }

    private byte[] SerializeChecked(TableEntity entity, string operation, int? operationIndex = null)
    {
        if (EnforceLimits)
        {
            TableEntityJson.Validate(entity, operation, operationIndex);
        }

        return TableEntityJson.Serialize(entity);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage(method, path);
        message.Request.Headers.SetValue("Accept", JsonAccept);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    private static void SetJson(HttpMessage message, byte[] body)
    {
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Content = RequestContent.Create(body);
    }

    private static void AppendSelect(HttpMessage message, IReadOnlyList<string>? select)
    {
        if (select is null || select.Count == 0)
        {
            return;
        }

        foreach (var name in select)
        {
            TableNames.ValidateQueryPropertyName(name, nameof(select));
        }

        // The service leaves out the keys and Timestamp unless they are selected too.
        var names = select.Concat(["PartitionKey", "RowKey", "Timestamp"]).Distinct(StringComparer.Ordinal);
        message.Request.Uri.AppendQuery("$select", string.Join(',', names), escapeValue: true);
    }

    private static async Task EnsureSuccessAsync(Response response, string operation, CancellationToken cancellationToken)
    {
        if (response.Status is < 200 or > 299)
        {
            throw await StorageErrors.FromResponseAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(TableEntity entity) => Describe(entity.PartitionKey, entity.RowKey);

    private static string Describe(string partitionKey, string rowKey) => $"entity ('{Shorten(partitionKey)}', '{Shorten(rowKey)}')";

    private static string Shorten(string key) => key.Length > 64 ? key[..64] + "…" : key;
}
