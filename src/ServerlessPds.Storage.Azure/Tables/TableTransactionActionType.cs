namespace ServerlessPds.Storage.Azure.Tables;

/// <summary>The entity operations an entity group transaction can hold.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions.</remarks>
public enum TableTransactionActionType
{
    /// <summary>Insert Entity (<c>POST</c>); fails with 409 <c>EntityAlreadyExists</c> if the entity exists.</summary>
    Insert,

    /// <summary>Insert Or Replace Entity (<c>PUT</c> without <c>If-Match</c>).</summary>
    Upsert,

    /// <summary>Merge Entity with <c>If-Match</c>, or Insert Or Merge Entity without it (<c>MERGE</c>).</summary>
    Merge,

    /// <summary>Update (replace) Entity with <c>If-Match</c> (<c>PUT</c>); 404 if absent, 412 if the ETag is stale.</summary>
    Update,

    /// <summary>Delete Entity with <c>If-Match</c> (an ETag or <c>*</c>); 404 if absent.</summary>
    Delete,
}
