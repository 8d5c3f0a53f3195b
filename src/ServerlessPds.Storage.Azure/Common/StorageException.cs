namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Signals that an Azure Storage (Table or Blob) request failed. Subclasses name the failures callers act on:
/// <see cref="StorageNotFoundException"/> (404), <see cref="StorageConflictException"/> (409),
/// <see cref="StoragePreconditionFailedException"/> (412), <see cref="StorageEntityTooLargeException"/> (413 or a size
/// error code) and <see cref="StorageUnavailableException"/> (no response, or throttling/unavailability after retries).
/// </summary>
/// <remarks>
/// The message holds the service's short error text (never its raw XML or OData JSON body).
/// Spec: learn.microsoft.com/rest/api/storageservices, "Status and error codes" (common, Blob and Table service error codes).
/// </remarks>
public class StorageException : Exception
{
    /// <summary>Initializes a new instance from a failed response or a client-side check.</summary>
    /// <param name="message">A human-readable description of the failure.</param>
    /// <param name="status">The HTTP status code the service answered, or 0 when no response arrived.</param>
    /// <param name="errorCode">The service's error code (e.g. <c>EntityAlreadyExists</c>), or <see langword="null"/>.</param>
    /// <param name="failedOperationIndex">For an entity group transaction, the 0-based index of the operation that failed.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public StorageException(string message, int status, string? errorCode = null, int? failedOperationIndex = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        FailedOperationIndex = failedOperationIndex;
    }

    /// <summary>Gets the HTTP status code the service answered (400-599), or 0 when no response arrived.</summary>
    public int Status { get; }

    /// <summary>Gets the service's error code, e.g. <c>UpdateConditionNotSatisfied</c> or <c>BlobNotFound</c>; <see langword="null"/> when unknown.</summary>
    public string? ErrorCode { get; }

    /// <summary>
    /// Gets the 0-based index of the failed operation when the failure comes from an entity group transaction
    /// (<see cref="Tables.TableClient.SubmitTransactionAsync"/>); otherwise <see langword="null"/>.
    /// </summary>
    public int? FailedOperationIndex { get; }
}
