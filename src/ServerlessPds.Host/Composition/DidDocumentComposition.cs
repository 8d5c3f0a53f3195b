using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Host.Identity;
using ServerlessPds.Pds.Accounts;
using ServerlessPds.Pds.Identity;
using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Host.Composition;

/// <summary>
/// Registers DID document resolution (<see cref="DidDocumentSource"/>, also as <see cref="IDidDocumentSource"/>): the
/// PLC directory, the documents of did:web accounts hosted under the user domains (<see cref="HostedDidWebDocuments"/>,
/// also served at <c>/.well-known/did.json</c>), and did:web documents fetched from other hosts (<see cref="DidWebClient"/>)
/// through the proxy's SSRF-guarded <see cref="ProxyHttpClient"/>: a did:web names any host, so unless
/// <c>Pds__Proxy__DisableSsrfProtection</c> (<c>PDS_DISABLE_SSRF_PROTECTION</c>) its document is never fetched from a
/// private, link-local or loopback address, as the reference PDS's DID resolver.
/// </summary>
public static class DidDocumentComposition
{
    /// <summary>
    /// Registers the services; needs <see cref="IPlcDirectory"/>, <see cref="IAccountStore"/>, <see cref="HandlePolicy"/>,
    /// <see cref="IAccountSigners"/> and <see cref="ProxyHttpClient"/> (<see cref="ProxyComposition.AddPdsProxy"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddDidDocuments(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new DidWebClient(sp.GetRequiredService<ProxyHttpClient>().Client));
        services.AddSingleton(sp => new HostedDidWebDocuments(
            sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<IAccountSigners>, sp.GetRequiredService<HandlePolicy>(), PublicUrl(sp)));
        services.AddSingleton(sp => new DidDocumentSource(
            sp.GetRequiredService<IPlcDirectory>(), sp.GetRequiredService<HostedDidWebDocuments>(), sp.GetRequiredService<DidWebClient>(), PublicUrl(sp)));
        services.AddSingleton<IDidDocumentSource>(sp => sp.GetRequiredService<DidDocumentSource>());
        return services;
    }

    private static Uri PublicUrl(IServiceProvider services) => new(services.GetRequiredService<IOptions<PdsOptions>>().Value.PublicUrl!);
}
