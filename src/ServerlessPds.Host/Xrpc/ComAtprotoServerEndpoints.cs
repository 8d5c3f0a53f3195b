using Microsoft.Extensions.Options;
using ServerlessPds.Host.Configuration;

namespace ServerlessPds.Host.Xrpc;

/// <summary>The <c>com.atproto.server.*</c> methods.</summary>
/// <remarks>Lexicons: lexicons/com/atproto/server/*.json.</remarks>
public static class ComAtprotoServerEndpoints
{
    /// <summary>Maps the <c>com.atproto.server.*</c> methods on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoServer(this RouteGroupBuilder xrpc)
    {
        xrpc.MapXrpcQuery("com.atproto.server.describeServer", DescribeServer);
        return xrpc;
    }

    private static DescribeServerOutput DescribeServer(IOptions<PdsOptions> options) => DescribeServerOutput.From(options.Value);
}
