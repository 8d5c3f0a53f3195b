using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// Resolves a handle to the DID it claims, through DNS (a TXT record <c>did=&lt;did&gt;</c> at
/// <c>_atproto.&lt;handle&gt;</c>) or HTTPS (<c>https://&lt;handle&gt;/.well-known/atproto-did</c> answering the DID
/// as text). The result is only half of the bidirectional check: the DID's document must also claim the handle.
/// </summary>
/// <remarks>
/// Implementations time out quickly, never throw for resolution failures (an unreachable host, NXDOMAIN, a bad
/// answer, several different DIDs) and return <see langword="null"/> instead. Thread-safe.
/// Spec: atproto.com/specs/handle ("Handle Resolution").
/// </remarks>
public interface IHandleResolver
{
    /// <summary>Resolves a handle.</summary>
    /// <param name="handle">The handle.</param>
    /// <param name="cancellationToken">A token that cancels the resolution.</param>
    /// <returns>The DID the handle points to, or <see langword="null"/> when it does not resolve to exactly one valid DID.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<Did?> ResolveAsync(Handle handle, CancellationToken cancellationToken = default);
}
