namespace ServerlessPds.Host.Xrpc;

/// <summary>The <c>com.atproto.repo.*</c> methods still mapped by the host: the reads (the writes are Pds handlers).</summary>
public static class ComAtprotoRepoEndpoints
{
    /// <summary>Maps the <c>com.atproto.repo.*</c> reads on the <c>/xrpc</c> group.</summary>
    /// <param name="xrpc">The <c>/xrpc</c> route group.</param>
    /// <returns><paramref name="xrpc"/>.</returns>
    public static RouteGroupBuilder MapComAtprotoRepo(this RouteGroupBuilder xrpc)
    {
        xrpc.MapComAtprotoRepoReads();
        return xrpc;
    }
}
