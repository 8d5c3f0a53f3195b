using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;

namespace ServerlessPds.Host.Hosting;

/// <summary>
/// Honours <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> from loopback (the Azure
/// Functions host, a local reverse proxy) and from <see cref="PdsOptions.TrustedProxies"/>; one proxy hop is consumed.
/// Behind the front (<see cref="PdsOptions.BehindFront"/>) <see cref="PdsOptions.FrontProxyHops"/> hops are consumed
/// from any address: <c>X-Forwarded-For: spoofed, client, frontdoor</c> gives <c>client</c>.
/// </summary>
/// <param name="pdsOptions">The PDS options.</param>
internal sealed class ForwardedHeadersSetup(IOptions<PdsOptions> pdsOptions) : IConfigureOptions<ForwardedHeadersOptions>
{
    /// <inheritdoc/>
    public void Configure(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        if (pdsOptions.Value.BehindFront)
        {
            options.ForwardLimit = PdsOptions.FrontProxyHops;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            return;
        }

        foreach (var proxy in pdsOptions.Value.TrustedProxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
            else if (System.Net.IPNetwork.TryParse(proxy, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }
    }
}
