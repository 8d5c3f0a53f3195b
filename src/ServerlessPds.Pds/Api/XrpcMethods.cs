using System.Collections.Frozen;

namespace ServerlessPds.Pds.Api;

/// <summary>The XRPC methods this server implements, by NSID: what hosts route, and what the proxy must not forward.</summary>
/// <param name="handlers">Every registered handler (one per NSID).</param>
/// <exception cref="ArgumentException">Two handlers serve the same NSID.</exception>
public sealed class XrpcMethods(IEnumerable<IXrpcHandler> handlers)
{
    private readonly FrozenDictionary<string, IXrpcHandler> _handlers =
        handlers.ToFrozenDictionary(h => h.Method.Nsid.Value, StringComparer.Ordinal);

    /// <summary>Every handler, in no particular order.</summary>
    public IEnumerable<IXrpcHandler> All => _handlers.Values;

    /// <summary>Finds the handler of an NSID.</summary>
    /// <param name="nsid">The NSID from the request path.</param>
    /// <returns>The handler, or <see langword="null"/> when this server does not implement the method.</returns>
    public IXrpcHandler? Find(string nsid) => _handlers.GetValueOrDefault(nsid);
}
