using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ServerlessPds.Durable;
using ServerlessPds.Host;
using ServerlessPds.Host.Composition;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Api;
using ServerlessPds.Pds.Repo;

namespace ServerlessPds.Functions;

/// <summary>
/// The standalone host's application (<see cref="HostComposition.AddPdsHost"/> and <see cref="HostComposition.UsePdsHost"/>:
/// the same services, middleware and endpoints) built once in the worker process with an <see cref="InProcessServer"/>
/// in place of Kestrel. <see cref="InvokeAsync"/> runs its request pipeline on a trigger's <see cref="HttpContext"/>,
/// so every route, status code, XRPC error and header is the standalone host's by construction.
/// </summary>
/// <remarks>
/// The host's hosted services start with it (storage initialisation), except the periodic sweeps, which the function
/// app runs as timer triggers (<see cref="MaintenanceFunctions"/>). With <c>Pds__Commits__Serializer=entity</c> the
/// writes go to the Durable Functions extension (<see cref="DurableClientRepoWriteSerializer"/> with the trigger's
/// client; the entity and orchestration are <see cref="DurableFunctions"/>) instead of a Durable Task worker in this
/// process. docs/architecture.md, "The function app".
/// </remarks>
public sealed class PdsApplication : IHostedService, IAsyncDisposable
{
    /// <summary>The host's timer loops, replaced by timer triggers in the function app.</summary>
    private static readonly Type[] PeriodicServices =
        [typeof(SequencerSweeperService), typeof(BlobGarbageCollectorService), typeof(EventRetentionService)];

    private readonly Action<WebApplicationBuilder>? _configure;
    private readonly InProcessServer _server = new();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private WebApplication? _app;

    /// <summary>Initializes a new instance; nothing is built until <see cref="StartAsync"/>.</summary>
    /// <param name="configure">Changes to the builder after the host's composition (tests set configuration here); none by default.</param>
    public PdsApplication(Action<WebApplicationBuilder>? configure = null) => _configure = configure;

    /// <summary>Gets the application's services (the PDS's ports and services); only after <see cref="StartAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">The application has not been started.</exception>
    public IServiceProvider Services => (_app ?? throw new InvalidOperationException("The PDS application has not been started.")).Services;

    /// <summary>
    /// Builds the application from the configuration (environment variables, as the standalone host), validates it
    /// and starts its hosted services. Idempotent.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the application is ready for requests.</returns>
    /// <exception cref="InvalidOperationException">The configuration is invalid; the message lists each problem with its environment variable.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is not null)
            {
                return;
            }

            var builder = WebApplication.CreateBuilder();
            builder.AddPdsHost();
            builder.WebHost.UseServer(_server);
            builder.Services.PostConfigure<PdsOptions>(o => o.Commits.RunEntityInFunctionsExtension());
            builder.Services.AddSingleton<IRepoWriteSerializer>(sp =>
                sp.GetRequiredService<IOptions<PdsOptions>>().Value.Commits.Serializer == RepoWriteSerializerMode.Entity
                    ? new DurableClientRepoWriteSerializer(() => TriggerDurableClient.Current)
                    : new DirectRepoWriteSerializer(sp.GetRequiredService<RepoWriter>(), sp.GetRequiredService<IAccountSigners>()));
            foreach (var periodic in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && PeriodicServices.Contains(d.ImplementationType)).ToList())
            {
                builder.Services.Remove(periodic);
            }

            _configure?.Invoke(builder);
            var app = builder.Build();
            using var problems = new StringWriter();
            if (!app.TryValidateConfiguration(problems))
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException(problems.ToString());
            }

            app.UsePdsHost();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            _app = app;
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// Answers the request of <paramref name="context"/> (a trigger's) with the host's pipeline, writing the status,
    /// headers and body to its response. The pipeline runs on its own <see cref="HttpContext"/> over the trigger's
    /// request and response features (with its own request services and no endpoint chosen yet), and, as Kestrel in
    /// the standalone host, with a request body limit of <see cref="XrpcCall.MaxJsonBodyBytes"/> unless an endpoint raises it.
    /// </summary>
    /// <param name="context">The trigger's HTTP context.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await StartAsync(context.RequestAborted).ConfigureAwait(false);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = XrpcCall.MaxJsonBodyBytes;
        }

        var features = new FeatureCollection(context.Features);
        var routing = new UnroutedFeature();
        features.Set<IEndpointFeature>(routing);
        features.Set<IRouteValuesFeature>(routing);
        await _server.ProcessAsync(features).ConfigureAwait(false);
    }

    /// <summary>Starts the application if needed and makes a <see cref="RepoEntity"/> over its writer and signing keys.</summary>
    /// <returns>The entity, for one batch of operations.</returns>
    public async Task<RepoEntity> CreateRepoEntityAsync()
    {
        await StartAsync(CancellationToken.None).ConfigureAwait(false);
        return new RepoEntity(Services.GetRequiredService<RepoWriter>(), Services.GetRequiredService<IAccountSigners>());
    }

    /// <summary>Stops the application's hosted services.</summary>
    /// <param name="cancellationToken">Cancels a graceful stop.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }

        _starting.Dispose();
    }

    /// <summary>Routing state of a request no endpoint has been chosen for, hiding whatever the worker's own routing chose.</summary>
    private sealed class UnroutedFeature : IEndpointFeature, IRouteValuesFeature
    {
        public Endpoint? Endpoint { get; set; }

        public Microsoft.AspNetCore.Routing.RouteValueDictionary RouteValues { get; set; } = [];
    }
}
