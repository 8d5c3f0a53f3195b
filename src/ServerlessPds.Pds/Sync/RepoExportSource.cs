namespace ServerlessPds.Pds.Sync;

/// <summary>Where a <see cref="RepoExport"/> takes its blocks from (docs/architecture.md, "Sync reads").</summary>
public enum RepoExportSource
{
    /// <summary>A whole-repo export from a partition scan; written into a new snapshot as it is sent.</summary>
    Scan,

    /// <summary>A <c>since</c> export from a partition scan; no snapshot is involved.</summary>
    ScanSince,

    /// <summary>The snapshot of the head's commit, copied as it is.</summary>
    SnapshotCopy,

    /// <summary>A whole-repo export built from the blocks of an earlier snapshot plus point reads; written into a new snapshot as it is sent.</summary>
    SnapshotBlocks,

    /// <summary>
    /// A whole-repo export of a repo with no snapshot, built from the blocks this process committed to it
    /// (<see cref="RecentRepoBlocks"/>) plus point reads; written into a new snapshot as it is sent.
    /// </summary>
    RecentBlocks,
}
