using System.Collections.Frozen;

namespace ServerlessPds.Host.Xrpc;

/// <summary>
/// The XRPC methods this server implements, collected once from the endpoints' <see cref="XrpcMethodMetadata"/>.
/// </summary>
/// <param name="endpoints">The app's endpoints.</param>
internal sealed class XrpcMethodTable(EndpointDataSource endpoints)
{
    private FrozenDictionary<string, XrpcMethodMetadata>? _methods;

    /// <summary>Finds an implemented method.</summary>
    /// <param name="nsid">The NSID from the request path.</param>
    /// <returns>The method's metadata, or <see langword="null"/> when this server does not implement it.</returns>
    public XrpcMethodMetadata? Find(string nsid)
    {
        _methods ??= endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<XrpcMethodMetadata>())
            .OfType<XrpcMethodMetadata>()
            .DistinctBy(m => m.Nsid, StringComparer.Ordinal)
            .ToFrozenDictionary(m => m.Nsid, StringComparer.Ordinal);
        return _methods.GetValueOrDefault(nsid);
    }
}
