using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Composition;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Endpoints;
using ServerlessPds.Host.Hosting;
using ServerlessPds.Host.Xrpc;
using ServerlessPds.Pds.Api;

namespace ServerlessPds.Host;

/// <summary>
/// The composition root: the services, middleware order and endpoints of the PDS host. <c>Program</c> calls
/// <see cref="AddPdsHost"/>, <see cref="TryValidateConfiguration"/> and <see cref="UsePdsHost"/>; tests compose the same
/// way around their own server.
/// </summary>
public static class HostComposition
{
    /// <summary>Lowest-priority configuration defaults: quiet framework logs and one line per log entry.</summary>
    private static readonly Dictionary<string, string?> ConfigurationDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ ",
    };

    /// <summary>
    /// Registers the host's services: <see cref="PdsOptions"/> (bound from <c>Pds</c>, defaulted, validated on start),
    /// listening (<see cref="ListenEndpoints"/>), forwarded headers, CORS (<see cref="PdsCors"/>), request
    /// decompression (<see cref="CompleteDecompressionProvider"/>: truncated or undecodable bodies are a 400), the XRPC JSON settings (<see cref="XrpcJson"/>), and minimal API binding failures thrown to
    /// <see cref="XrpcErrorMiddleware"/> rather than answered with an empty 400.
    /// </summary>
    /// <param name="builder">The app builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static WebApplicationBuilder AddPdsHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = ConfigurationDefaults });
        builder.Configuration.Sources.Insert(1, new MemoryConfigurationSource { InitialData = ReferenceEnvironment.Map(Environment.GetEnvironmentVariables()) });
        ListenEndpoints.Configure(builder);

        var services = builder.Services;
        services.AddOptions<PdsOptions>().BindConfiguration(PdsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<PdsOptions>, PdsOptionsDefaults>();
        services.AddSingleton<IValidateOptions<PdsOptions>, PdsOptionsValidator>();
        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>, ForwardedHeadersSetup>();
        services.AddCors(cors => cors.AddDefaultPolicy(PdsCors.Configure));
        services.AddRequestDecompression(decompression =>
        {
            foreach (var encoding in CompleteDecompressionProvider.Encodings)
            {
                decompression.DecompressionProviders[encoding] = new CompleteDecompressionProvider(encoding);
            }
        });
        services.ConfigureHttpJsonOptions(json => XrpcJson.Configure(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddSingleton<XrpcMethodTable>();
        services.AddPdsServices();
        return builder;
    }

    /// <summary>
    /// Builds the pipeline (forwarded headers → request log → CORS → XRPC errors → the per-IP rate limit → WebSockets → routing → the declared body limit (<see cref="XrpcBodyLimit"/>) → request decompression →
    /// endpoints) and maps the endpoints (<see cref="MapPdsEndpoints"/>).
    /// </summary>
    /// <param name="app">The built app.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static WebApplication UsePdsHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseCors();
        app.UseMiddleware<XrpcErrorMiddleware>();
        app.Use(XrpcRateLimits.Middleware);
        app.UseWebSockets();
        app.UseRouting();
        app.Use(XrpcBodyLimit.Middleware);
        app.UseRequestDecompression();
        app.MapPdsEndpoints();
        return app;
    }

    /// <summary>Maps every endpoint: the XRPC method groups and fallback, the well-known routes, and the root routes.</summary>
    /// <param name="app">The endpoint route builder.</param>
    /// <returns>The <c>/xrpc</c> route group, for callers that add methods of their own.</returns>
    public static RouteGroupBuilder MapPdsEndpoints(this IEndpointRouteBuilder app)
    {
        var xrpc = app.MapGroup(XrpcEndpointRouteBuilderExtensions.RoutePrefix);
        xrpc.MapXrpcHandlers();
        xrpc.MapComAtprotoSyncSubscribe();
        xrpc.MapXrpcFallback();
        app.MapWellKnownEndpoints();
        app.MapRootEndpoints();
        app.MapWebPubSubEvents();
        return xrpc;
    }

    /// <summary>
    /// Validates the configuration before the server starts. On failure writes one line per problem (each naming the
    /// environment variable to set) to <paramref name="error"/>, without a stack trace.
    /// </summary>
    /// <param name="app">The built app.</param>
    /// <param name="error">Where to report problems, normally standard error.</param>
    /// <returns><see langword="true"/> if the configuration is valid; otherwise <see langword="false"/>.</returns>
    public static bool TryValidateConfiguration(this WebApplication app, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(error);
        IEnumerable<string> failures;
        try
        {
            _ = app.Services.GetRequiredService<IOptions<PdsOptions>>().Value;
            return true;
        }
        catch (OptionsValidationException e)
        {
            failures = e.Failures;
        }
        catch (InvalidOperationException e) when (e.InnerException is FormatException or InvalidCastException or OverflowException)
        {
            // The binder could not convert a value, e.g. Pds__InviteRequired=yes.
            failures = [$"{e.Message} {e.InnerException.Message} (configuration keys map to environment variables with __ for ':', e.g. Pds__InviteRequired)"];
        }

        error.WriteLine("ServerlessPds cannot start: the configuration is invalid.");
        foreach (var failure in failures)
        {
            error.WriteLine($"  - {failure}");
        }

        return false;
    }
}
