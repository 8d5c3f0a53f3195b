namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Signals that an entity, a property, a batch or a request body exceeds a size limit: the service answered 413, or 400
/// with <c>EntityTooLarge</c>, <c>PropertyValueTooLarge</c> or <c>RequestBodyTooLarge</c>, or the client refused to send
/// it (then <see cref="StorageException.Status"/> is 413 and <see cref="StorageException.ErrorCode"/> is the code the
/// service would have answered).
/// </summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/table-service-error-codes and
/// understanding-the-table-service-data-model (property and entity limits); see <see cref="Tables.TableLimits"/>.</remarks>
public sealed class StorageEntityTooLargeException : StorageException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">A human-readable description naming the limit.</param>
    /// <param name="status">413, or 400 when the service signalled the size error with Bad Request.</param>
    /// <param name="errorCode">The service's error code, e.g. <c>PropertyValueTooLarge</c>.</param>
    /// <param name="failedOperationIndex">For an entity group transaction, the 0-based index of the operation that failed.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public StorageEntityTooLargeException(string message, int status = 413, string? errorCode = null,
        int? failedOperationIndex = null, Exception? innerException = null)
        : base(message, status, errorCode, failedOperationIndex, innerException)
    {
    }
}
