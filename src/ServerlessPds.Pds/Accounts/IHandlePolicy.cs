using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Accounts;

/// <summary>Decides which handles new accounts may register (the default is <see cref="ServiceHandlePolicy"/>).</summary>
/// <remarks>Spec: atproto.com/specs/handle; lexicon com.atproto.server.createAccount (<c>InvalidHandle</c>, <c>UnsupportedDomain</c>).</remarks>
public interface IHandlePolicy
{
    /// <summary>Normalizes and checks a handle requested for a new account. Availability is checked elsewhere.</summary>
    /// <param name="handle">The requested handle text.</param>
    /// <returns>The normalized (lowercase) handle.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">400 <c>InvalidHandle</c> or 400 <c>UnsupportedDomain</c>.</exception>
    Handle ValidateNewHandle(string handle);
}
