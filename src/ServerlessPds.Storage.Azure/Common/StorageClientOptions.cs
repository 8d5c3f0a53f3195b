using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace ServerlessPds.Storage.Azure.Common;

/// <summary>
/// Settings a <see cref="StorageConnection"/> applies to the SDK clients it builds (<see cref="TableClientOptions"/> and
/// <see cref="BlobClientOptions"/>): bounded exponential retries with jitter, the network timeout per try, the
/// transport, and extra pipeline policies (request counting, fault injection in tests).
/// </summary>
/// <remarks>
/// Defaults: <see cref="RetryMode.Exponential"/> (Azure.Core adds ±20% jitter to each delay), <see cref="MaxRetries"/>
/// retries from <see cref="Delay"/>, each delay capped at <see cref="MaxDelay"/>, <see cref="NetworkTimeout"/> per try.
/// Azure.Core retries 408, 429, 500, 502, 503 and 504 answers and failures without an answer (connection refused,
/// reset, timeout). The Blob client is pinned to <see cref="BlobServiceVersion"/>, the newest version Azurite 3.37 accepts.
/// Spec: learn.microsoft.com/azure/storage/common/scalability-targets-standard-account ("exponential backoff").
/// </remarks>
public sealed class StorageClientOptions
{
    /// <summary>The Blob service version every Blob request carries (<c>x-ms-version: 2026-06-06</c>).</summary>
    public const BlobClientOptions.ServiceVersion BlobServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    private readonly List<(HttpPipelinePolicy Policy, HttpPipelinePosition Position)> _policies = [];

    /// <summary>Gets or sets the most retries after the first try (0 to 10). Default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>Gets or sets the delay before the first retry; later retries double it. Default 0.5 s.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the upper bound of one retry delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the time one try may take to send the request and receive the response headers, and the longest
    /// wait for any single read of a streamed response body. Default 100 s.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets the HTTP transport; <see langword="null"/> for the SDK's default.</summary>
    public HttpPipelineTransport? Transport { get; set; }

    /// <summary>Adds a policy to both the Table and the Blob pipelines.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="position">Once per call (<see cref="HttpPipelinePosition.PerCall"/>) or per try (<see cref="HttpPipelinePosition.PerRetry"/>).</param>
    public void AddPolicy(HttpPipelinePolicy policy, HttpPipelinePosition position)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _policies.Add((policy, position));
    }

    /// <summary>Creates the Table client options these settings describe.</summary>
    /// <returns>The options.</returns>
    public TableClientOptions ToTableOptions() => Apply(new TableClientOptions());

    /// <summary>Creates the Blob client options these settings describe, pinned to <see cref="BlobServiceVersion"/>.</summary>
    /// <returns>The options.</returns>
    public BlobClientOptions ToBlobOptions() => Apply(new BlobClientOptions(BlobServiceVersion));

    private T Apply<T>(T options)
        where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = Delay;
        options.Retry.MaxDelay = MaxDelay;
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.Diagnostics.ApplicationId = "ServerlessPds";
        options.Diagnostics.IsLoggingContentEnabled = false;
        if (Transport is not null)
        {
            options.Transport = Transport;
        }

        foreach (var (policy, position) in _policies)
        {
            options.AddPolicy(policy, position);
        }

        return options;
    }
}
