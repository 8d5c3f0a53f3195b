namespace ServerlessPds.Storage.Azure.Common;

/// <summary>Signals 409 Conflict: the resource already exists (e.g. <c>EntityAlreadyExists</c>, <c>BlobAlreadyExists</c>, <c>TableAlreadyExists</c>), or a batch conflicts.</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes (status 409).</remarks>
public sealed class StorageConflictException : StorageException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">A human-readable description of the failure.</param>
    /// <param name="errorCode">The service's error code, or <see langword="null"/>.</param>
    /// <param name="failedOperationIndex">For an entity group transaction, the 0-based index of the operation that failed.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public StorageConflictException(string message, string? errorCode = null, int? failedOperationIndex = null,
        Exception? innerException = null)
        : base(message, 409, errorCode, failedOperationIndex, innerException)
    {
    }
}
