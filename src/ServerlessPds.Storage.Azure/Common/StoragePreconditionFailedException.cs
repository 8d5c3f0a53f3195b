namespace ServerlessPds.Storage.Azure.Common;

/// <summary>Signals 412 Precondition Failed: an <c>If-Match</c> / <c>If-None-Match</c> condition did not hold (e.g. a stale ETag: <c>UpdateConditionNotSatisfied</c>, <c>ConditionNotMet</c>).</summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes (status 412).</remarks>
public sealed class StoragePreconditionFailedException : StorageException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">A human-readable description of the failure.</param>
    /// <param name="errorCode">The service's error code, or <see langword="null"/>.</param>
    /// <param name="failedOperationIndex">For an entity group transaction, the 0-based index of the operation that failed.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public StoragePreconditionFailedException(string message, string? errorCode = null, int? failedOperationIndex = null,
        Exception? innerException = null)
        : base(message, 412, errorCode, failedOperationIndex, innerException)
    {
    }
}
