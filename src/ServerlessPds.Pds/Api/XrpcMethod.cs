using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Api;

/// <summary>What a host needs to route one XRPC method: its NSID, its kind and its request body limit.</summary>
/// <param name="Nsid">The method's NSID, e.g. <c>com.atproto.repo.createRecord</c>; the route is <c>/xrpc/</c> + it.</param>
/// <param name="Type">Query (GET, HEAD) or procedure (POST).</param>
/// <param name="MaxBodyBytes">
/// The largest request body the host lets through, in bytes, when it differs from the server-wide JSON limit
/// (<see cref="XrpcCall.MaxJsonBodyBytes"/>), e.g. the blob upload limit; a longer body is 413 <c>PayloadTooLarge</c>.
/// </param>
/// <remarks>Spec: atproto.com/specs/xrpc, "Lexicon HTTP Endpoints".</remarks>
public sealed record XrpcMethod(Nsid Nsid, XrpcMethodType Type, long? MaxBodyBytes = null)
{
    /// <summary>The HTTP method of the kind: <c>GET</c> for a query, <c>POST</c> for a procedure.</summary>
    public string HttpMethod => Type == XrpcMethodType.Query ? "GET" : "POST";

    /// <summary>A query method.</summary>
    /// <param name="nsid">The NSID.</param>
    /// <returns>The method.</returns>
    /// <exception cref="FormatException"><paramref name="nsid"/> is not a valid NSID.</exception>
    public static XrpcMethod Query(string nsid) => new(Nsid.Parse(nsid), XrpcMethodType.Query);

    /// <summary>A procedure method.</summary>
    /// <param name="nsid">The NSID.</param>
    /// <param name="maxBodyBytes">The body limit when it is not the JSON limit, in bytes.</param>
    /// <returns>The method.</returns>
    /// <exception cref="FormatException"><paramref name="nsid"/> is not a valid NSID.</exception>
    public static XrpcMethod Procedure(string nsid, long? maxBodyBytes = null) => new(Nsid.Parse(nsid), XrpcMethodType.Procedure, maxBodyBytes);
}
