using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Pds.Preferences;
using ServerlessPds.Pds.Proxy;
using ServerlessPds.Pds.ReadAfterWrite;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers XRPC proxying: <see cref="ProxyOptions"/> from <see cref="PdsProxyOptions"/>, <see cref="IDidResolver"/>
/// (the <see cref="DidDocumentSource"/>), <see cref="ProxyTargetResolver"/>, the outbound <see cref="ProxyHttpClient"/>, and
/// <see cref="PreferenceService"/> (the preferences kept here instead of at the AppView).
/// </summary>
public static class ProxyComposition
{
    /// <summary>Registers the services; needs <see cref="DidDocumentSource"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPdsProxy(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => ToProxyOptions(sp.GetRequiredService<IOptions<PdsOptions>>().Value.Proxy));
        services.AddSingleton<IDidResolver>(sp => sp.GetRequiredService<DidDocumentSource>());
        services.AddSingleton(sp => new ProxyTargetResolver(
            sp.GetRequiredService<ProxyOptions>(), sp.GetRequiredService<IDidResolver>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ProxyHttpClient(sp.GetRequiredService<ProxyOptions>()));
        services.AddSingleton<IXrpcUpstream, HttpXrpcUpstream>();
        services.AddSingleton<XrpcProxy>();
        services.AddSingleton(sp => new ReadAfterWriteService(sp.GetRequiredService<IRepoStore>(), sp.GetRequiredService<IAccountStore>()));
        services.AddSingleton(sp => new PreferenceService(sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Converts the validated settings.</summary>
    /// <param name="options">The <c>Pds:Proxy</c> settings.</param>
    /// <returns>The proxy options; a service without both URL and DID is left out.</returns>
    public static ProxyOptions ToProxyOptions(PdsProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ProxyOptions
        {
            AppView = Service(options.AppViewUrl, options.AppViewDid),
            ReportService = Service(options.ReportServiceUrl, options.ReportServiceDid),
            ModService = Service(options.ModServiceUrl, options.ModServiceDid),
            DisableSsrfProtection = options.DisableSsrfProtection,
            MaxResponseBytes = options.MaxResponseBytes,
            HeadersTimeout = options.HeadersTimeout,
            BodyTimeout = options.BodyTimeout,
        };
    }

    private static ProxyServiceEndpoint? Service(string? url, string? did) =>
        string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(did) ? null : new ProxyServiceEndpoint(Did.Parse(did), new Uri(url));
}
