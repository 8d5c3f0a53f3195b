using ServerlessPds.Host.Hosting;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Endpoints;

/// <summary>
/// The routes outside XRPC methods: the plain-text banner at <c>/</c>, <c>/robots.txt</c>, the <c>/xrpc/_health</c>
/// probe, and the JSON 404 for every other path.
/// </summary>
public static class RootEndpoints
{
    /// <summary>The text of <c>GET /</c>.</summary>
    public const string Banner =
        "This is an AT Protocol Personal Data Server (PDS), running ServerlessPds.\n\n"
        + "Most API routes are under /xrpc/ (e.g. /xrpc/com.atproto.server.describeServer).\n";

    /// <summary>The text of <c>GET /robots.txt</c>: crawling the public API is allowed.</summary>
    public const string RobotsTxt = "# Crawling the public API is allowed.\nUser-agent: *\nAllow: /\n";

    /// <summary>Maps <c>/</c>, <c>/robots.txt</c>, <c>/xrpc/_health</c> and the 404 fallback.</summary>
    /// <param name="app">The app.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IEndpointRouteBuilder MapRootEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Text(Banner, "text/plain; charset=utf-8"));
        app.MapGet("/robots.txt", () => Results.Text(RobotsTxt, "text/plain; charset=utf-8"));
        app.MapGet("/xrpc/_health", () => new HealthOutput(HostInfo.Version));
        app.MapFallback("{**path}", RejectNotFound);
        return app;
    }

    private static IResult RejectNotFound() => throw new XrpcException(StatusCodes.Status404NotFound, XrpcErrorName.NotFound, "Not Found");
}
