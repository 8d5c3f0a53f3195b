namespace ServerlessPds.Pds.Api;

/// <summary>The kind of an XRPC method, as its lexicon declares it (<c>"type": "query"</c> or <c>"procedure"</c>).</summary>
/// <remarks>Spec: atproto.com/specs/xrpc, "Lexicon HTTP Endpoints": a query is HTTP GET, a procedure HTTP POST.</remarks>
public enum XrpcMethodType
{
    /// <summary>A read: HTTP GET (and HEAD), parameters in the query string.</summary>
    Query,

    /// <summary>A write: HTTP POST, input in the body.</summary>
    Procedure,
}
