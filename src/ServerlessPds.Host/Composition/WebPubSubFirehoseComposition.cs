using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Firehose;
using ServerlessPds.Pds.Ports;
using ServerlessPds.WebPubSub.Azure;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers the firehose on Azure Web PubSub (<c>Pds__Firehose__Transport=webpubsub</c>): the REST client
/// (<see cref="IFirehoseConnections"/>), a <see cref="FirehoseHub"/> whose frames fit a Web PubSub message, the
/// <see cref="FirehoseConnectionPumps"/>, the upstream <see cref="WebPubSubEventHandler"/>, and a hosted service that
/// closes the pumped connections when the instance stops. Everything is resolved only when the transport is in use.
/// </summary>
/// <remarks>docs/architecture.md, "The firehose on Azure Web PubSub".</remarks>
public static partial class WebPubSubFirehoseComposition
{
    /// <summary>Registers the services.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPdsWebPubSubFirehose(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => CreateClient(Options(sp).WebPubSub));
        services.AddSingleton<IFirehoseConnections>(sp => sp.GetRequiredService<WebPubSubClient>());
        services.AddSingleton(sp =>
        {
            var settings = Options(sp);
            var connections = sp.GetRequiredService<IFirehoseConnections>();
            var engine = settings.Firehose.ToFirehoseOptions();
            var hub = new FirehoseHub(sp.GetRequiredService<IEventLog>(), sp.GetRequiredService<IEventWaiter>(), new FirehoseOptions
            {
                BufferFrames = engine.BufferFrames,
                BufferBytes = engine.BufferBytes,
                SlowConsumerTimeout = engine.SlowConsumerTimeout,
                PollInterval = engine.PollInterval,
                MaxFrameBytes = connections.MaxMessageBytes,
            });
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FirehoseConnectionPumps));
            return new FirehoseConnectionPumps(hub, connections, settings.WebPubSub.LivenessInterval, (id, e) => LogFailure(logger, e, id));
        });
        services.AddSingleton(sp =>
        {
            var settings = Options(sp).WebPubSub;
            var endpoint = string.IsNullOrWhiteSpace(settings.ConnectionString)
                ? new Uri(settings.Endpoint!)
                : WebPubSubConnectionString.Parse(settings.ConnectionString).Endpoint;
            return new WebPubSubEventHandler(
                sp.GetRequiredService<FirehoseConnectionPumps>(),
                sp.GetRequiredService<IFirehoseConnections>(),
                new WebPubSubEventHandlerOptions { Hub = settings.Hub, AllowedOrigin = endpoint.Host, AccessKeys = settings.UpstreamKeys() });
        });
        services.AddHostedService<WebPubSubFirehoseService>();
        return services;
    }

    /// <summary>Maps the hub's upstream event handler at <see cref="EventsPath"/> (OPTIONS and POST) when the transport is Web PubSub.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IEndpointRouteBuilder MapWebPubSubEvents(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetRequiredService<IOptions<PdsOptions>>().Value.Firehose.UsesWebPubSub)
        {
            app.MapMethods(EventsPath, ["OPTIONS", "POST"], HandleAsync);
        }

        return app;
    }

    /// <summary>The path of the upstream event handler: the hub's event handler URL is <c>https://HOST/webpubsub/events</c>.</summary>
    public const string EventsPath = "/webpubsub/events";

    /// <summary>Builds the REST client from a connection string (access key) or the endpoint plus a managed identity.</summary>
    /// <param name="settings">The settings, already validated.</param>
    /// <returns>The client.</returns>
    public static WebPubSubClient CreateClient(PdsWebPubSubOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            var parsed = WebPubSubConnectionString.Parse(settings.ConnectionString);
            return new WebPubSubClient(parsed.Endpoint, settings.Hub, parsed.AccessKey);
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(settings.ManagedIdentityClientId));
        return new WebPubSubClient(new Uri(settings.Endpoint!), settings.Hub, credential);
    }

    private static async Task HandleAsync(HttpContext context, WebPubSubEventHandler handler)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var answer = await handler.HandleAsync(
            new WebPubSubEventRequest(context.Request.Method, headers, body.ToArray()), context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (answer.ContentType is not null)
        {
            context.Response.ContentType = answer.ContentType;
            await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static PdsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<PdsOptions>>().Value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web PubSub firehose connection {ConnectionId}: a service request failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string connectionId);

    /// <summary>Closes the connections pumped by this instance when it stops, so their consumers reconnect with their cursor.</summary>
    private sealed class WebPubSubFirehoseService(IServiceProvider services, IOptions<PdsOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (options.Value.Firehose.UsesWebPubSub)
            {
                await services.GetRequiredService<FirehoseConnectionPumps>().DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
