using System.Globalization;
using System.Net;
using ServerlessPds.Host.Configuration;
using ServerlessPds.Pds.Api;

namespace ServerlessPds.Host.Hosting;

/// <summary>
/// Chooses where Kestrel listens:
/// <list type="number">
/// <item>the configured <c>urls</c> (<c>ASPNETCORE_URLS</c>, <c>--urls</c>) or <c>Kestrel:Endpoints</c>, untouched;</item>
/// <item>else <c>127.0.0.1:</c><see cref="PdsSettingNames.PdsPort"/> (default
/// <see cref="PdsSettingNames.DefaultPdsPort"/>): loopback only, for local development and behind a reverse proxy.</item>
/// </list>
/// The server-wide request body limit is <see cref="XrpcCall.MaxJsonBodyBytes"/>; endpoints that take blobs raise it.
/// </summary>
internal static class ListenEndpoints
{
    /// <summary>Configures Kestrel on <paramref name="builder"/>. Unparsable ports are left to the options validator to report.</summary>
    /// <param name="builder">The app builder.</param>
    public static void Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var hasUrls = !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        var standalonePort = Port(configuration[PdsSettingNames.PdsPort] ?? PdsSettingNames.DefaultPdsPort.ToString(CultureInfo.InvariantCulture));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = XrpcCall.MaxJsonBodyBytes;
            if (!hasUrls && standalonePort is { } loopbackPort)
            {
                kestrel.Listen(IPAddress.Loopback, loopbackPort);
            }
        });
    }

    private static int? Port(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort ? port : null;
}
