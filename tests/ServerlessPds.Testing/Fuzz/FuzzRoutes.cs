using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ServerlessPds.Testing.Fuzz;

/// <summary>The routes a running app maps, from its <see cref="EndpointDataSource"/>, so that new routes are fuzzed without a list to keep.</summary>
public static class FuzzRoutes
{
    /// <summary>Lists every mapped route as a concrete path with its methods; patterns with parameters (the XRPC fallback) get an unknown NSID.</summary>
    public static List<FuzzRoute> FromEndpoints(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new FuzzRoute(
                "/" + (e.RoutePattern.Parameters.Count == 0 ? e.RoutePattern.RawText!.TrimStart('/') : "xrpc/com.example.fuzz.unknownMethod"),
                e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Where(m => m != "HEAD" && m != "OPTIONS").ToList() is { Count: > 0 } methods ? methods : ["GET", "POST"]))
            .DistinctBy(r => r.Path)];
}
