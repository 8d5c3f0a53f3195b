using System.Text.Json;
using ServerlessPds.Protocol.Crypto;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>Resolves accounts' DID documents (implemented by the identity layer).</summary>
/// <remarks>Spec: atproto.com/specs/did; used for the optional <c>didDoc</c> of sessions and checkAccountStatus's <c>validDid</c>.</remarks>
public interface IDidDocumentSource
{
    /// <summary>Resolves a DID document.</summary>
    /// <param name="did">The DID.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns>The document as JSON, or <see langword="null"/> when it cannot be resolved.</returns>
    Task<JsonElement?> GetDidDocumentAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells whether the DID document points at this PDS for the account: the handle in <c>alsoKnownAs</c>, the
    /// <c>#atproto</c> key equal to <paramref name="signingKey"/> and the <c>#atproto_pds</c> endpoint this service.
    /// </summary>
    /// <param name="did">The account's DID.</param>
    /// <param name="handle">The account's handle.</param>
    /// <param name="signingKey">The account's repo signing key.</param>
    /// <param name="cancellationToken">A token that cancels the operation.</param>
    /// <returns><see langword="true"/> when the document matches.</returns>
    Task<bool> IsValidForAccountAsync(Did did, Handle handle, PublicKey signingKey, CancellationToken cancellationToken = default);
}
