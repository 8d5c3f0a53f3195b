using ServerlessPds.Pds.Blobs;

namespace ServerlessPds.Host.Configuration;

/// <summary>
/// The blob garbage collector's settings, bound from <c>Pds:Blobs</c> (environment <c>Pds__Blobs__GcInterval</c>,
/// <c>Pds__Blobs__GcGracePeriod</c>, as <c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>).
/// </summary>
/// <remarks>docs/architecture.md, "Blobs".</remarks>
public sealed class PdsBlobOptions
{
    /// <summary>The default <see cref="GcInterval"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultGcInterval = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the time between garbage collection sweeps (each instance sweeps). Defaults to <see cref="DefaultGcInterval"/>.</summary>
    public TimeSpan GcInterval { get; set; } = DefaultGcInterval;

    /// <summary>
    /// Gets or sets how long an unreferenced blob is kept after its upload or last claim. Defaults to
    /// <see cref="BlobGarbageCollectorOptions.DefaultGracePeriod"/> (one hour).
    /// </summary>
    public TimeSpan GcGracePeriod { get; set; } = BlobGarbageCollectorOptions.DefaultGracePeriod;
}
