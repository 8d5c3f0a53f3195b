using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Accounts;

/// <summary>Gives the repo signing key of a hosted account, for commits and service-auth tokens.</summary>
/// <remarks>Implemented by <see cref="AccountService"/>. Spec: atproto.com/specs/repository (commit signatures).</remarks>
public interface IAccountSigners
{
    /// <summary>Gets the signer of an account's repo signing key.</summary>
    /// <param name="did">The account.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The signer; do not dispose it (it may be shared).</returns>
    /// <exception cref="Protocol.Xrpc.XrpcException">400 <c>AccountNotFound</c> when the account does not exist.</exception>
    ValueTask<ISigner> GetSignerAsync(Did did, CancellationToken cancellationToken = default);
}
