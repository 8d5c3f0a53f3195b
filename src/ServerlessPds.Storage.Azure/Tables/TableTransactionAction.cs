using Azure;

namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>One operation of an entity group transaction (see <see cref="TableClient.SubmitTransactionAsync"/>).</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions.</remarks>
public sealed record TableTransactionAction
{
    private TableTransactionAction(TableTransactionActionType actionType, TableEntity entity, ETag? ifMatch)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ActionType = actionType;
        Entity = entity;
        IfMatch = ifMatch;
    }

    /// <summary>Gets the operation.</summary>
    public TableTransactionActionType ActionType { get; }

    /// <summary>Gets the entity (for <see cref="TableTransactionActionType.Delete"/>, only its keys matter).</summary>
    public TableEntity Entity { get; }

    /// <summary>Gets the <c>If-Match</c> condition (an ETag or <see cref="ETag.All"/>), or <see langword="null"/> for none.</summary>
    public ETag? IfMatch { get; }

    /// <summary>Creates an insert, which fails if the entity exists.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The action.</returns>
    public static TableTransactionAction Insert(TableEntity entity) => new(TableTransactionActionType.Insert, entity, null);

    /// <summary>Creates an insert-or-replace.</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The action.</returns>
    public static TableTransactionAction Upsert(TableEntity entity) => new(TableTransactionActionType.Upsert, entity, null);

    /// <summary>Creates a merge: with <paramref name="ifMatch"/> the entity must exist and match; without it, insert-or-merge.</summary>
    /// <param name="entity">The entity whose properties are merged in.</param>
    /// <param name="ifMatch">The ETag the stored entity must have, <see cref="ETag.All"/>, or <see langword="null"/>.</param>
    /// <returns>The action.</returns>
    public static TableTransactionAction Merge(TableEntity entity, ETag? ifMatch = null) =>
        new(TableTransactionActionType.Merge, entity, ifMatch);

    /// <summary>Creates a conditional replace of an existing entity.</summary>
    /// <param name="entity">The new entity.</param>
    /// <param name="ifMatch">The ETag the stored entity must have, or <see cref="ETag.All"/>.</param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentException"><paramref name="ifMatch"/> is empty.</exception>
    public static TableTransactionAction Update(TableEntity entity, ETag ifMatch) =>
        new(TableTransactionActionType.Update, entity, RequireETag(ifMatch));

    /// <summary>Creates a delete.</summary>
    /// <param name="partitionKey">The PartitionKey.</param>
    /// <param name="rowKey">The RowKey.</param>
    /// <param name="ifMatch">The ETag the stored entity must have, or <see cref="ETag.All"/>.</param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentException">A key is invalid, or <paramref name="ifMatch"/> is empty.</exception>
    public static TableTransactionAction Delete(string partitionKey, string rowKey, ETag ifMatch) =>
        new(TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), RequireETag(ifMatch));

    internal static ETag RequireETag(ETag ifMatch) =>
        ifMatch == default ? throw new ArgumentException("An If-Match ETag (or ETag.All) is required.", nameof(ifMatch)) : ifMatch;
}
