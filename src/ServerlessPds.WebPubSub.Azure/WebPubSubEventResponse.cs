namespace ServerlessPds.WebPubSub.Azure;

/// <summary>The upstream event handler's answer, for the host to write as the HTTP response.</summary>
/// <param name="Status">The HTTP status, e.g. 200, 204, 400 (a refused <c>connect</c>: the client's upgrade gets it).</param>
/// <param name="Headers">Extra headers, e.g. <c>ce-connectionState</c> or <c>WebHook-Allowed-Origin</c>.</param>
/// <param name="ContentType">The body's media type, or <see langword="null"/> when there is no body.</param>
/// <param name="Body">The body bytes (empty when none).</param>
public sealed record WebPubSubEventResponse(int Status, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    /// <summary>Gets an empty answer with <paramref name="status"/>.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <returns>The answer.</returns>
    public static WebPubSubEventResponse Empty(int status) => new(status, new Dictionary<string, string>(), null, []);
}
