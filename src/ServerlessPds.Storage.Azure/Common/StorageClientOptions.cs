using Azure.Core;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Options for the Table and Blob pipelines a <see cref="StorageConnection"/> builds: retries, network timeout,
/// transport and diagnostics (all inherited from <see cref="ClientOptions"/>).
/// </summary>
/// <remarks>
/// Defaults: exponential back-off, <see cref="DefaultMaxRetries"/> retries starting at <see cref="DefaultRetryDelay"/>
/// and capped at <see cref="DefaultMaxRetryDelay"/>, <see cref="DefaultNetworkTimeout"/> per try. Azure.Core retries
/// 408, 429, 500, 502, 503 and 504 responses and failures without a response (connection refused, reset, timeout).
/// Spec: learn.microsoft.com/azure/storage/common/scalability-targets-standard-account ("exponential backoff" on 503/500).
/// </remarks>
public sealed class StorageClientOptions : ClientOptions
{
    /// <summary>The default number of retries after the first try.</summary>
    public const int DefaultMaxRetries = 4;

    /// <summary>The default delay before the first retry; later retries double it (with jitter).</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The default upper bound of one retry delay.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The default time one try may take to send the request and receive the response headers, and the longest wait for
    /// any single read of a streamed response body.
    /// </summary>
    public static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromSeconds(100);

    /// <summary>Initializes a new instance with the defaults above.</summary>
    public StorageClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = DefaultMaxRetries;
        Retry.Delay = DefaultRetryDelay;
        Retry.MaxDelay = DefaultMaxRetryDelay;
        Retry.NetworkTimeout = DefaultNetworkTimeout;
        Diagnostics.ApplicationId = "ServerlessPds";
        Diagnostics.IsLoggingContentEnabled = false;
    }
}
