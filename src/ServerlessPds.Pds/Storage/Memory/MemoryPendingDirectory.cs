using System.Globalization;
using ServerlessPds.Pds.Ports;
using ServerlessPds.Protocol.Syntax;

namespace ServerlessPds.Pds.Storage.Memory;

/// <summary>
/// An in-memory <see cref="IPendingDirectory"/>: every mark gets a new unique version and the time of
/// <see cref="TimeProvider"/>; a clear succeeds only against the version read. Backs unit tests and the dev mode.
/// </summary>
/// <remarks>docs/architecture.md, "Storage layout" (table <c>pending</c>).</remarks>
/// <param name="timeProvider">The clock that stamps marks; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
public sealed class MemoryPendingDirectory(TimeProvider? timeProvider = null) : IPendingDirectory
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<Did, PendingMarker> _markers = [];
    private long _versions;

    /// <inheritdoc/>
    public Task<PendingMarker> MarkAsync(Did did, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(did);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_markers)
        {
            var version = (++_versions).ToString("x", CultureInfo.InvariantCulture);
            var marker = new PendingMarker(did, _time.GetUtcNow(), version);
            _markers[did] = marker;
            return Task.FromResult(marker);
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<PendingMarker>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_markers)
        {
            return Task.FromResult<IReadOnlyList<PendingMarker>>(_markers.Values.Take(limit).ToList());
        }
    }

    /// <inheritdoc/>
    public Task<bool> ClearAsync(PendingMarker marker, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marker);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_markers)
        {
            if (!_markers.TryGetValue(marker.Did, out var current))
            {
                return Task.FromResult(true);
            }

            if (current.Version != marker.Version)
            {
                return Task.FromResult(false);
            }

            _markers.Remove(marker.Did);
            return Task.FromResult(true);
        }
    }
}
