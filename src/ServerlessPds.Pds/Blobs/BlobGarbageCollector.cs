using ServerlessPds.Pds.Ports;

namespace ServerlessPds.Pds.Blobs;

/// <summary>
/// Deletes blobs nobody needs: those last uploaded or claimed more than <see cref="BlobGarbageCollectorOptions.GracePeriod"/>
/// ago that no current record references (<see cref="IBlobReferences"/>), and the leftovers of uploads that were never
/// committed. Safe to run in many instances at once and while writers claim blobs.
/// </summary>
/// <remarks>
/// docs/architecture.md, "Blobs". Each deletion is conditional on the version at which the candidate was listed, and a
/// claim changes that version, so a blob claimed after it was listed survives: either the claim comes first and the
/// deletion fails, or the deletion comes first and the claim finds nothing (the write then fails with
/// <c>BlobNotFound</c>). A writer claims before its commit, so a blob that became referenced after the reference check
/// was claimed after the listing. Metadata is deleted before bytes.
/// </remarks>
/// <param name="store">The blob store.</param>
/// <param name="references">Tells whether records reference a blob.</param>
/// <param name="options">The grace period; defaults when <see langword="null"/>.</param>
/// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
public sealed class BlobGarbageCollector(
    IBlobStore store, IBlobReferences references, BlobGarbageCollectorOptions? options = null, TimeProvider? timeProvider = null)
{
    private readonly TimeSpan _grace = (options ?? new BlobGarbageCollectorOptions()).GracePeriod;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Runs one sweep over every account's blobs.</summary>
    /// <param name="cancellationToken">A token that cancels the sweep.</param>
    /// <returns>What was examined, kept and deleted.</returns>
    public async Task<BlobSweepResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - _grace;
        int examined = 0, referenced = 0, deleted = 0, changed = 0;
        await foreach (var item in store.ListCollectableAsync(cutoff, cancellationToken).ConfigureAwait(false))
        {
            examined++;
            if (item.Cid is { } cid && await references.IsReferencedAsync(item.Did, cid, cancellationToken).ConfigureAwait(false))
            {
                referenced++;
            }
            else if (await store.DeleteAsync(item, cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }
            else
            {
                changed++;
            }
        }

        return new BlobSweepResult(examined, referenced, deleted, changed);
    }
}
