using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Resolves any DID to its parsed DID document: did:plc through the PLC directory, did:web through the host's
/// <c>/.well-known/did.json</c> (or this PDS's own hosted documents).
/// </summary>
/// <remarks>Spec: atproto.com/specs/did ("DID Methods", "DID Documents").</remarks>
public interface IDidResolver
{
    /// <summary>Resolves a DID.</summary>
    /// <param name="did">The DID.</param>
    /// <param name="cancellationToken">A token that cancels the resolution.</param>
    /// <returns>The document, or <see langword="null"/> when the DID cannot be resolved (unknown, unsupported method, unreachable host).</returns>
    Task<DidDocument?> FindAsync(Did did, CancellationToken cancellationToken = default);
}
