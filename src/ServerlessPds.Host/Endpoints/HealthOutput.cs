namespace ServerlessPds.Host.Endpoints;

/// <summary>The body of <c>GET /xrpc/_health</c>: <c>{"version": "0.1.0"}</c>.</summary>
/// <param name="Version">The server's version.</param>
public sealed record HealthOutput(string Version);
