using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using ServerlessPds.Pds.Ports;

namespace ServerlessPds.WebPubSub.Azure;

/// <summary>
/// A thin client of one Web PubSub hub's data-plane REST API on Azure.Core's <see cref="HttpPipeline"/>: send a binary
/// message to a connection, close a connection, ask whether one exists. Authorized by the access key
/// (<see cref="WebPubSubAccessKeyPolicy"/>) or by Entra ID (a token for <see cref="TokenScope"/>; the identity needs the
/// "Web PubSub Service Owner" role).
/// </summary>
/// <remarks>
/// learn.microsoft.com/rest/api/webpubsub/dataplane/web-pub-sub (api-version <see cref="ApiVersion"/>):
/// <c>POST /api/hubs/{hub}/connections/{id}/:send</c> (<c>application/octet-stream</c>, 202),
/// <c>DELETE /api/hubs/{hub}/connections/{id}?reason=</c> (204), <c>HEAD /api/hubs/{hub}/connections/{id}</c> (200 or 404).
/// Nothing is retried (<see cref="IFirehoseConnections.SendAsync"/> must not duplicate a frame); callers decide.
/// </remarks>
public sealed class WebPubSubClient : IFirehoseConnections
{
    /// <summary>The REST API version sent.</summary>
    public const string ApiVersion = "2024-01-01";

    /// <summary>The Entra ID scope of the service's tokens.</summary>
    public const string TokenScope = "https://webpubsub.azure.com/.default";

    /// <summary>
    /// The largest message sent, in bytes: the service's REST body limit is 1 MB; 1,000,000 stays within either
    /// reading of "MB".
    /// </summary>
    public const int MessageLimitBytes = 1_000_000;

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _hubPath;

    /// <summary>Initializes a client that signs with the access key.</summary>
    /// <param name="endpoint">The service endpoint, e.g. <c>https://name.webpubsub.azure.com</c>.</param>
    /// <param name="hub">The hub name, e.g. <c>firehose</c>.</param>
    /// <param name="accessKey">The access key.</param>
    /// <param name="options">Transport and diagnostics; retries are turned off whatever it says.</param>
    /// <param name="time">The clock for token times; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public WebPubSubClient(Uri endpoint, string hub, string accessKey, ClientOptions? options = null, TimeProvider? time = null)
        : this(endpoint, hub, new WebPubSubAccessKeyPolicy(accessKey, time ?? TimeProvider.System), options)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
    }

    /// <summary>Initializes a client authorized by Entra ID (e.g. a managed identity).</summary>
    /// <param name="endpoint">The service endpoint, e.g. <c>https://name.webpubsub.azure.com</c>.</param>
    /// <param name="hub">The hub name, e.g. <c>firehose</c>.</param>
    /// <param name="credential">The credential; tokens are asked for <see cref="TokenScope"/>.</param>
    /// <param name="options">Transport and diagnostics; retries are turned off whatever it says.</param>
    public WebPubSubClient(Uri endpoint, string hub, TokenCredential credential, ClientOptions? options = null)
        : this(endpoint, hub, new BearerTokenAuthenticationPolicy(credential, TokenScope), options)
    {
    }

    private WebPubSubClient(Uri endpoint, string hub, HttpPipelinePolicy authorization, ClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrEmpty(hub);
        options ??= new WebPubSubClientOptions();
        options.Retry.MaxRetries = 0;
        _pipeline = HttpPipelineBuilder.Build(options, authorization);
        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority));
        Hub = hub;
        _hubPath = "/api/hubs/" + Uri.EscapeDataString(hub);
    }

    /// <summary>Gets the hub name.</summary>
    public string Hub { get; }

    /// <inheritdoc/>
    public int MaxMessageBytes => MessageLimitBytes;

    /// <inheritdoc/>
    public async Task<bool> SendAsync(string connectionId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Length, MessageLimitBytes, nameof(message));
        using var http = Create(RequestMethod.Post, connectionId, "/:send");
        http.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/octet-stream");
        http.Request.Content = RequestContent.Create(message);
        var status = await SendAsync(http, "send to connection", cancellationToken).ConfigureAwait(false);
        return status switch
        {
            202 or 200 => true,
            404 => false,
            _ => throw Refused("send to connection", http.Response),
        };
    }

    /// <inheritdoc/>
    public async Task CloseAsync(string connectionId, string reason, CancellationToken cancellationToken)
    {
        using var http = Create(RequestMethod.Delete, connectionId, string.Empty);
        http.Request.Uri.AppendQuery("reason", reason);
        var status = await SendAsync(http, "close connection", cancellationToken).ConfigureAwait(false);
        if (status is not (204 or 200 or 404))
        {
            throw Refused("close connection", http.Response);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> ExistsAsync(string connectionId, CancellationToken cancellationToken)
    {
        using var http = Create(RequestMethod.Head, connectionId, string.Empty);
        var status = await SendAsync(http, "connection exists", cancellationToken).ConfigureAwait(false);
        return status switch
        {
            200 => true,
            404 => false,
            _ => throw Refused("connection exists", http.Response),
        };
    }

    private HttpMessage Create(RequestMethod method, string connectionId, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_endpoint);
        message.Request.Uri.AppendPath(_hubPath + "/connections/" + Uri.EscapeDataString(connectionId) + suffix, escape: false);
        message.Request.Uri.AppendQuery("api-version", ApiVersion);
        return message;
    }

    private async Task<int> SendAsync(HttpMessage message, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return message.Response.Status;
        }
        catch (Exception e) when (e is RequestFailedException or IOException or HttpRequestException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new FirehoseConnectionException($"Web PubSub {operation} on {_endpoint.Authority} got no answer: {e.Message}", 0, e);
        }
    }

    private FirehoseConnectionException Refused(string operation, Response response) =>
        new($"Web PubSub {operation} on {_endpoint.Authority} answered {response.Status} {response.ReasonPhrase}: {Body(response)}", response.Status);

    private static string Body(Response response)
    {
        var text = response.Content?.ToString() ?? string.Empty;
        return text.Length > 300 ? text[..300] : text;
    }
}
