using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Ports;

/// <summary>
/// The set of DIDs that may have unsequenced outbox entries: a writer marks its DID before a commit (at most every
/// few minutes), and the sweeper lists the marks, sequences what crashes left, and clears idle marks.
/// </summary>
/// <remarks>
/// docs/architecture.md, "The commit path" step 4 (table <c>pending</c>). <see cref="ClearAsync"/> is conditional on
/// the version the sweeper read, so a mark made after the sweeper looked is never lost.
/// </remarks>
public interface IPendingDirectory
{
    /// <summary>Marks <paramref name="did"/> (insert or replace), refreshing its time and version.</summary>
    /// <param name="did">The repo.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns>The marker as written.</returns>
    Task<PendingMarker> MarkAsync(Did did, CancellationToken cancellationToken = default);

    /// <summary>Lists markers, in no particular order.</summary>
    /// <param name="limit">The most markers to return, at least 1.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The markers.</returns>
    Task<IReadOnlyList<PendingMarker>> ListAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Deletes the marker of <paramref name="marker"/>'s DID if its version is still <paramref name="marker"/>'s.</summary>
    /// <param name="marker">The marker as read.</param>
    /// <param name="cancellationToken">A token that cancels the write.</param>
    /// <returns><see langword="true"/> if the marker was deleted or was already gone; <see langword="false"/> if it had been re-marked.</returns>
    Task<bool> ClearAsync(PendingMarker marker, CancellationToken cancellationToken = default);
}
