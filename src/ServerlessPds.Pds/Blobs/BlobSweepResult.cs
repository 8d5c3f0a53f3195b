namespace ServerlessPds.Pds.Blobs;

/// <summary>What one <see cref="BlobGarbageCollector.RunOnceAsync"/> did.</summary>
/// <param name="Examined">Candidates older than the grace period.</param>
/// <param name="Referenced">Candidates kept because a record references them.</param>
/// <param name="Deleted">Candidates deleted (blobs and upload leftovers).</param>
/// <param name="Changed">Candidates not deleted because they changed (were claimed, or deleted by another collector) after they were listed.</param>
public sealed record BlobSweepResult(int Examined, int Referenced, int Deleted, int Changed);
