namespace ServerlessPds.Protocol.Sync;

/// <summary>Size limits on commits and firehose frames.</summary>
/// <remarks>
/// Spec: atproto.com/specs/sync ("Commit events have the following size limits") and atproto.com/specs/event-stream;
/// the lexicon <c>com.atproto.sync.subscribeRepos</c> repeats the <c>ops</c> and <c>blocks</c> bounds as
/// <c>maxLength</c>.
/// </remarks>
public static class SyncLimits
{
    /// <summary>The most record operations one commit (and so one <c>#commit</c> event's <c>ops</c>) may hold.</summary>
    /// <remarks>Spec: atproto.com/specs/sync; lexicon <c>#commit.ops.maxLength</c>.</remarks>
    public const int MaxOpsPerCommit = 200;

    /// <summary>The largest <c>#commit</c> <c>blocks</c> CAR slice, in bytes.</summary>
    /// <remarks>Spec: atproto.com/specs/sync; lexicon <c>#commit.blocks.maxLength</c>.</remarks>
    public const int MaxCommitBlocksBytes = 2_000_000;

    /// <summary>The largest <c>#sync</c> <c>blocks</c> CAR (the commit block alone), in bytes.</summary>
    /// <remarks>Spec: lexicon <c>com.atproto.sync.subscribeRepos#sync.blocks.maxLength</c>.</remarks>
    public const int MaxSyncBlocksBytes = 10_000;

    /// <summary>The largest DAG-CBOR record block, in bytes.</summary>
    /// <remarks>Spec: atproto.com/specs/sync ("individual records ... 1,000,000 bytes").</remarks>
    public const int MaxRecordBytes = 1_000_000;

    /// <summary>The largest firehose frame (header and body together), in bytes.</summary>
    /// <remarks>Spec: atproto.com/specs/sync and atproto.com/specs/event-stream (5 MBytes per WebSocket frame).</remarks>
    public const int MaxFrameBytes = 5_000_000;
}
