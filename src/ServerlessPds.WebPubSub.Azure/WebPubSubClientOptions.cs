using Azure.Core;

namespace ServerlessPds.WebPubSub.Azure;

/// <summary>
/// Pipeline options of <see cref="WebPubSubClient"/>: no retries (a retried send could deliver a frame twice), a
/// 30-second network timeout per request, content logging off.
/// </summary>
public sealed class WebPubSubClientOptions : ClientOptions
{
    /// <summary>Initializes a new instance with the defaults above.</summary>
    public WebPubSubClientOptions()
    {
        Retry.MaxRetries = 0;
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        Diagnostics.ApplicationId = "ServerlessPds";
        Diagnostics.IsLoggingContentEnabled = false;
    }
}
