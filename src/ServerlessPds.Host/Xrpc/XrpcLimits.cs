namespace ServerlessPds.Host.Xrpc;

/// <summary>Request size limits of the XRPC surface.</summary>
public static class XrpcLimits
{
    /// <summary>
    /// The largest JSON request body a procedure accepts, in bytes (1 MiB); also the server-wide default request body
    /// limit, which endpoints that take blobs raise with
    /// <see cref="XrpcEndpointRouteBuilderExtensions.WithMaxBodyBytes"/>. The reference PDS accepts 150 KiB of JSON;
    /// we allow more so that any record within the repository's 1,000,000-byte record limit
    /// (atproto.com/specs/sync, "Commit events") can be written as JSON.
    /// </summary>
    public const int MaxJsonBodyBytes = 1024 * 1024;
}
