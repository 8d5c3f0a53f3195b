namespace ServerlessPds.Pds.Firehose;

/// <summary>Why a <see cref="FirehoseSubscription"/> stopped producing frames.</summary>
/// <remarks>Spec: atproto.com/specs/event-stream, "Error Handling"; lexicon <c>com.atproto.sync.subscribeRepos</c> errors.</remarks>
public enum FirehoseEnd
{
    /// <summary>Still producing.</summary>
    None,

    /// <summary>The subscription was closed (disposed) by its transport.</summary>
    Closed,

    /// <summary>The cursor was beyond the latest seq: the last frame is the <c>FutureCursor</c> error.</summary>
    FutureCursor,

    /// <summary>The consumer let its buffer overflow: the last frame is the <c>ConsumerTooSlow</c> error.</summary>
    ConsumerTooSlow,

    /// <summary>The log could not be read <see cref="FirehoseOptions.MaxReadFailures"/> times in a row; no error frame.</summary>
    Failed,
}
