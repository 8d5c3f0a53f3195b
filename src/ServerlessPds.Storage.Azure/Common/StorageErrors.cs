using Azure;
using Azure.Data.Tables;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Classifies the SDKs' failures by <see cref="RequestFailedException.Status"/> and
/// <see cref="RequestFailedException.ErrorCode"/> (never by message text): lost races (412, 409), absent rows or blobs
/// (404) and an unavailable service (no answer, or throttling after every retry).
/// </summary>
/// <remarks>Spec: learn.microsoft.com/rest/api/storageservices/status-and-error-codes2, table-service-error-codes,
/// blob-service-error-codes.</remarks>
internal static class StorageErrors
{
    /// <summary>The error code of a request to a table that does not exist (404).</summary>
    public const string TableNotFound = "TableNotFound";

    /// <summary>The error code of a read of a blob that does not exist (404).</summary>
    public const string BlobNotFound = "BlobNotFound";

    /// <summary>Gets a value indicating whether <paramref name="e"/> is a 412 (an <c>If-Match</c> or <c>If-None-Match</c> that failed).</summary>
    public static bool IsPreconditionFailed(RequestFailedException e) => e.Status == 412;

    /// <summary>Gets a value indicating whether <paramref name="e"/> is a 409 (an insert of an existing row or blob).</summary>
    public static bool IsConflict(RequestFailedException e) => e.Status == 409;

    /// <summary>Gets a value indicating whether <paramref name="e"/> is a 404 of a row or blob (not of its table).</summary>
    public static bool IsNotFound(RequestFailedException e) => e.Status == 404 && e.ErrorCode != TableNotFound;

    /// <summary>Gets the 0-based index of the action an entity group transaction failed on, if the service named one.</summary>
    public static int? FailedIndex(RequestFailedException e) => (e as TableTransactionFailedException)?.FailedTransactionActionIndex;

    /// <summary>
    /// Gets a value indicating whether <paramref name="e"/> means storage is unavailable: no answer after the
    /// pipeline's retries (connection failure, network timeout, lost answers; an <see cref="IOException"/> outside the
    /// pipeline, e.g. from an upload's source stream, is not an outage), or 408, 429, 503, 504, 500 <c>OperationTimedOut</c> or
    /// <c>ServerBusy</c> outside a transaction's individual actions.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        RequestFailedException { Status: 0 } => true,
        RequestFailedException r when FailedIndex(r) is not null => false,
        RequestFailedException { Status: 408 or 429 or 503 or 504 } => true,
        RequestFailedException { Status: 500, ErrorCode: "OperationTimedOut" or "ServerBusy" } => true,
        RequestFailedException => false,
        OperationCanceledException { InnerException: TimeoutException } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(i => i is IOException || IsUnavailable(i)),
        _ => false,
    };
}
