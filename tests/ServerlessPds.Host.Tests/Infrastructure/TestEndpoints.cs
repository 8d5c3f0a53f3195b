using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServerlessPds.Host.Xrpc;
using ServerlessPds.Protocol.Syntax;
using ServerlessPds.Protocol.Xrpc;

namespace ServerlessPds.Host.Tests.Infrastructure;

/// <summary>XRPC methods (under the reserved-for-examples <c>io.example.test</c>) that exercise the error contract.</summary>
public static class TestEndpoints
{
    public const string SecretDetail = "secret internal detail at /srv/pds";

    public static void Map(RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery("io.example.test.throwXrpc", IResult (HttpRequest r) =>
            throw new XrpcException(r.Call().GetRequired<int>("status"), new XrpcErrorName(r.Call().GetRequired<string>("error")), r.Call().GetOptional<string>("message")));
        xrpc.MapXrpcQuery("io.example.test.crash", IResult () => throw new InvalidOperationException(SecretDetail));
        xrpc.MapXrpcProcedure("io.example.test.echo", async (HttpRequest r) => await r.Call().ReadJsonAsync<EchoInput>());
        xrpc.MapXrpcProcedure("io.example.test.bound", (EchoInput input) => input);
        xrpc.MapXrpcQuery("io.example.test.boundQuery", (int limit) => new { limit });
        xrpc.MapXrpcQuery("io.example.test.query", (HttpRequest r) => new
        {
            repo = r.Call().GetRequired<Did>("repo").Value,
            limit = r.Call().GetLimit(50, 100),
            reverse = r.Call().GetBoolean("reverse", false),
            collections = r.Call().GetAll<Nsid>("collection", 3).Select(n => n.Value).ToArray(),
            cursor = r.Call().GetCursor(),
        });
        xrpc.MapXrpcProcedure("io.example.test.upload", async (HttpRequest r) =>
        {
            var total = 0L;
            var buffer = new byte[4096];
            int read;
            while ((read = await r.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            return new { bytes = total };
        }).WithMaxBodyBytes(16);
        xrpc.MapXrpcQuery("io.example.test.whoami", (HttpContext c) => new
        {
            scheme = c.Request.Scheme,
            host = c.Request.Host.Value,
            clientIp = c.Connection.RemoteIpAddress?.ToString(),
        });
        xrpc.MapXrpcQuery("io.example.test.late", async Task (HttpContext c) =>
        {
            await c.Response.WriteAsync("partial");
            await c.Response.Body.FlushAsync();
            throw new InvalidOperationException(SecretDetail);
        });
    }

    /// <summary>A procedure input: one required string, one required integer, one optional string.</summary>
    public sealed record EchoInput(string Text, int Count, string? Note = null);
}
