using ServerlessPds.Protocol.Identity;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// A PLC directory (such as <c>https://plc.directory</c>): accepts signed <c>did:plc</c> operations and serves the
/// resulting DID documents and operation logs. The directory validates every operation (signature by a current
/// rotation key, <c>prev</c> chain, genesis hash) and rejects invalid ones.
/// </summary>
/// <remarks>
/// Failures other than "not found" throw <see cref="PlcDirectoryException"/>: a 4xx rejection of an operation, a 5xx
/// or unreachable directory, or a response that does not parse. Implementations are thread-safe.
/// Spec: web.plc.directory/spec/v0.1/did-plc ("DID Creation", "DID Update", "Audit Logs"), and the directory's HTTP API
/// (<c>POST /:did</c>, <c>GET /:did</c>, <c>GET /:did/log/last</c>, <c>GET /:did/log/audit</c>).
/// </remarks>
public interface IPlcDirectory
{
    /// <summary>Submits a signed operation (a genesis operation creates the DID).</summary>
    /// <param name="did">The DID the operation belongs to (for a genesis operation, <see cref="PlcDid.FromGenesis"/> of it).</param>
    /// <param name="operation">The signed operation or tombstone.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>A task that completes when the directory has accepted the operation.</returns>
    /// <exception cref="ArgumentException">The operation is not signed.</exception>
    /// <exception cref="PlcDirectoryException">The directory rejected the operation (4xx, with its message) or failed.</exception>
    Task SubmitAsync(Did did, PlcLogOperation operation, CancellationToken cancellationToken = default);

    /// <summary>Fetches the current DID document.</summary>
    /// <param name="did">The <c>did:plc</c>.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The document, or <see langword="null"/> if the DID is not registered or is tombstoned.</returns>
    /// <exception cref="PlcDirectoryException">The directory failed or returned an unreadable document.</exception>
    Task<DidDocument?> GetDocumentAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Fetches the last valid operation of the DID's log (the one the next operation must name in <c>prev</c>).</summary>
    /// <param name="did">The <c>did:plc</c>.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The signed operation or tombstone, or <see langword="null"/> if the DID is not registered.</returns>
    /// <exception cref="PlcDirectoryException">The directory failed or returned an unreadable operation.</exception>
    Task<PlcLogOperation?> GetLastOperationAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Fetches the DID's audit log: every operation, nullified ones included, oldest first.</summary>
    /// <param name="did">The <c>did:plc</c>.</param>
    /// <param name="cancellationToken">A token that cancels the request.</param>
    /// <returns>The entries, or an empty list if the DID is not registered.</returns>
    /// <exception cref="PlcDirectoryException">The directory failed or returned an unreadable log.</exception>
    Task<IReadOnlyList<PlcAuditEntry>> GetAuditLogAsync(Did did, CancellationToken cancellationToken = default);
}
