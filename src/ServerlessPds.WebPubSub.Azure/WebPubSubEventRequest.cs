namespace ServerlessPds.WebPubSub.Azure;

/// <summary>One HTTP request from the Web PubSub service to the hub's upstream event handler, as the host received it.</summary>
/// <remarks>learn.microsoft.com/azure/azure-web-pubsub/reference-cloud-events.</remarks>
/// <param name="Method">The HTTP method: <c>OPTIONS</c> (abuse-protection handshake) or <c>POST</c> (an event).</param>
/// <param name="Headers">The request headers, looked up case-insensitively (build it with <see cref="StringComparer.OrdinalIgnoreCase"/>); repeated headers joined with commas.</param>
/// <param name="Body">The request body: JSON for system events.</param>
public sealed record WebPubSubEventRequest(string Method, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);
