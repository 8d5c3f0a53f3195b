namespace ServerlessPds.WebPubSub.Azure;

/// <summary>Settings of <see cref="WebPubSubEventHandler"/>.</summary>
public sealed class WebPubSubEventHandlerOptions
{
    /// <summary>Gets the hub whose events are handled (<c>ce-hub</c>, compared case-insensitively), e.g. <c>firehose</c>.</summary>
    public required string Hub { get; init; }

    /// <summary>
    /// Gets the service's host name, e.g. <c>name.webpubsub.azure.com</c>: the only <c>WebHook-Request-Origin</c>
    /// accepted.
    /// </summary>
    public required string AllowedOrigin { get; init; }

    /// <summary>
    /// Gets the access keys whose HMAC a request's <c>ce-signature</c> must carry. Empty with Entra ID (no key is
    /// known): then requests are not signed-checked, and a <c>disconnected</c> event stops a pump only once the service
    /// says the connection is gone, so a forged one cannot starve a consumer.
    /// </summary>
    public IReadOnlyList<string> AccessKeys { get; init; } = [];

    /// <summary>Gets the user id given to every anonymous firehose connection in the <c>connect</c> answer.</summary>
    public string UserId { get; init; } = "firehose-consumer";
}
