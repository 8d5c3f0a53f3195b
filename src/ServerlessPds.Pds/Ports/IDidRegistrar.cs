using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Creates the DID of a new account (for <c>did:plc</c>: signs and submits the genesis operation to the PLC
/// directory) with the account's handle, repo signing key and this PDS as its service endpoint.
/// </summary>
/// <remarks>Spec: atproto.com/specs/did; lexicon com.atproto.server.createAccount (<c>recoveryKey</c>).</remarks>
public interface IDidRegistrar
{
    /// <summary>Registers a new DID for an account.</summary>
    /// <param name="handle">The account's handle (<c>alsoKnownAs</c> <c>at://handle</c>).</param>
    /// <param name="signingKey">The account's repo signing key (the <c>#atproto</c> verification method).</param>
    /// <param name="recoveryKey">A <c>did:key</c> rotation key the holder supplied, placed first; or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The new DID.</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">The directory refused the operation.</exception>
    Task<Did> RegisterAsync(Handle handle, PublicKey signingKey, string? recoveryKey, CancellationToken cancellationToken = default);
}
