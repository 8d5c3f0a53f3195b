namespace ServerlessPds.StressWorker;

/// <summary>A step of the commit path at which <c>--crash-at</c> kills the process with <see cref="Environment.FailFast(string)"/>.</summary>
internal enum CrashStep
{
    /// <summary>Before the commit's blocks are written (entry of PutBlocksAsync or CommitAsync).</summary>
    BeforeBlocks,

    /// <summary>After the blocks were written ahead of the head swap (PutBlocksAsync returned).</summary>
    AfterBlocks,

    /// <summary>After the head swap and its outbox row (CommitAsync returned).</summary>
    AfterHead,

    /// <summary>After the event log append (AppendAsync returned), before the write is acknowledged.</summary>
    AfterEvent,

    /// <summary>While the event log append is in flight.</summary>
    DuringSequencing,
}
