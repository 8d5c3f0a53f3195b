namespace ServerlessPds.Pds.Api;

/// <summary>
/// One XRPC method's behaviour, independent of the host: it reads its parameters and input from an
/// <see cref="XrpcCall"/>, checks the auth its lexicon requires, does the work and returns an <see cref="XrpcResult"/>.
/// Failures are thrown as <see cref="Protocol.Xrpc.XrpcException"/> (the lexicon's error name and its HTTP status);
/// every host renders them as <c>{"error","message"}</c>.
/// </summary>
/// <remarks>
/// One class per NSID, named after the method and kept in the folder of its namespace (<c>Api/Com/Atproto/Repo/CreateRecord.cs</c>
/// for <c>com.atproto.repo.createRecord</c>); <see cref="XrpcSurface.AddXrpcSurface"/> registers them all as singletons.
/// Spec: atproto.com/specs/xrpc.
/// </remarks>
public interface IXrpcHandler
{
    /// <summary>The method this handler serves.</summary>
    XrpcMethod Method { get; }

    /// <summary>Handles one call.</summary>
    /// <param name="call">The request.</param>
    /// <returns>The response to send.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">The call fails with an XRPC error (4xx, or 5xx for a failing dependency).</exception>
    Task<XrpcResult> HandleAsync(XrpcCall call);
}
