namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Signals that the storage service could not be used for now: no response arrived (connection refused or reset,
/// DNS failure, network timeout; <see cref="StorageException.Status"/> is 0), or it kept answering 408, 429, 503, 504 or
/// 500 <c>OperationTimedOut</c>/<c>ServerBusy</c> after every retry. Callers may retry later; nothing is known about
/// whether a write was applied (re-read before deciding).
/// </summary>
/// <remarks>Spec: learn.microsoft.com/azure/storage/common/scalability-targets-standard-account (throttling: 503 Server
/// Busy, 500 Operation Timeout); retries follow <see cref="StorageClientOptions"/>.</remarks>
public sealed class StorageUnavailableException : StorageException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">A human-readable description of the failure.</param>
    /// <param name="status">The last HTTP status code, or 0 when no response arrived.</param>
    /// <param name="errorCode">The service's error code, or <see langword="null"/>.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public StorageUnavailableException(string message, int status = 0, string? errorCode = null,
        Exception? innerException = null)
        : base(message, status, errorCode, null, innerException)
    {
    }
}
