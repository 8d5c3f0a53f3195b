using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>Fetches the DID document of a <c>did:web</c> hosted elsewhere (<c>GET https://&lt;host&gt;/.well-known/did.json</c>).</summary>
/// <remarks>Spec: atproto.com/specs/did ("did:web in AT Protocol").</remarks>
public interface IDidWebClient
{
    /// <summary>Fetches and parses a did:web's document.</summary>
    /// <param name="did">The DID.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The document, or <see langword="null"/> when it cannot be had (unsupported DID, no 200 in time, too large, not a DID document, another <c>id</c>).</returns>
    Task<DidDocument?> GetAsync(Did did, CancellationToken cancellationToken = default);
}
