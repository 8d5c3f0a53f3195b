namespace ServerlessPds.Storage.Azure.Common;

/// <summary>Signals 404 Not Found: the table, entity, container or blob does not exist.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes (status 404).</remarks>
public sealed class StorageNotFoundException : StorageException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">A human-readable description of the failure.</param>
    /// <param name="errorCode">The service's error code, or <see langword="null"/>.</param>
    /// <param name="failedOperationIndex">For an entity group transaction, the 0-based index of the operation that failed.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public StorageNotFoundException(string message, string? errorCode = null, int? failedOperationIndex = null,
        Exception? innerException = null)
        : base(message, 404, errorCode, failedOperationIndex, innerException)
    {
    }
}
